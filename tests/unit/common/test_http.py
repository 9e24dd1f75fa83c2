"""The client's IP address: X-Forwarded-For is believed only as far as our own proxies wrote it."""

import pytest
from django.test import RequestFactory

from common.http import client_ip, client_network

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"


def request_from(remote_addr: str = PROXY, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from(remote_addr=CLIENT, forwarded_for="198.51.100.1")

    assert client_ip(request) == CLIENT


def test_behind_one_proxy_the_right_most_entry_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(forwarded_for=CLIENT)

    assert client_ip(request) == CLIENT


def test_entries_the_client_wrote_left_of_the_trusted_ones_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 198.51.100.1, 192.0.2.9"; our proxy appended the real address.
    request = request_from(forwarded_for=f"198.51.100.1, 192.0.2.9, {CLIENT}")

    assert client_ip(request) == CLIENT


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # load balancer → nginx → shop: nginx appended the load balancer's address.
    request = request_from(forwarded_for=f"198.51.100.1, {CLIENT}, 10.0.0.1")

    assert client_ip(request) == CLIENT


@pytest.mark.parametrize("forwarded_for", [None, "", f"{CLIENT}"])
def test_a_header_shorter_than_the_trusted_hops_falls_back_to_remote_addr(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from(forwarded_for=forwarded_for)

    assert client_ip(request) == PROXY


@pytest.mark.parametrize(
    "forwarded_for",
    ["not-an-address", "203.0.113.7:51234", "999.1.1.1", "<script>", "203.0.113.7 198.51.100.1", ","],
)
def test_a_malformed_header_falls_back_to_remote_addr(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(forwarded_for=forwarded_for)

    assert client_ip(request) == PROXY


def test_ipv6_addresses_are_given_in_one_spelling(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(forwarded_for="2001:DB8:0:0::1")

    assert client_ip(request) == "2001:db8::1"


def test_no_valid_address_at_all_is_empty(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from(remote_addr="unix-socket")

    assert client_ip(request) == ""


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),  # IPv4: the address itself
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),  # IPv6: its /64
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),  # the next /64 is another subscriber
        ("::ffff:203.0.113.7", "::ffff:cb00:7107"),  # an IPv4 address in IPv6 form stays one address
        ("unix-socket", ""),
    ],
)
def test_throttles_count_an_ipv6_address_by_its_64_block(settings, address, counted_as):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_network(request_from(remote_addr=address)) == counted_as
