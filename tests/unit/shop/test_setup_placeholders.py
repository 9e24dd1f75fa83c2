"""Which host names, e-mail addresses and processor details a production shop may not keep."""

import pytest

from legal.demo.processors import DEMO_PROCESSORS
from shop.setup.placeholders import placeholder_email, placeholder_host, processor_demo_reasons


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "www.example.com",
        "example.org",
        "offsetmart.example",
        "shop.test",
        "mail.invalid",
        "localhost",
        "localhost:8000",
        "printer.local",
        "example.jp",
        "shop.example.co.jp",
        "127.0.0.1:8000",
        "[::1]:8000",
        "10.0.0.5",
        "intranet",
        "Shop.Example.COM.",
    ],
)
def test_example_names_and_addresses_are_placeholders(host):
    assert placeholder_host(host)


@pytest.mark.parametrize(
    "host",
    ["shop.midori-carbon.co.jp", "offsetmart.jp", "exampleshop.jp", "example-carbon.com", "a.co.jp:8443"],
)
def test_real_looking_domains_are_not(host):
    assert not placeholder_host(host)


def test_an_email_is_judged_by_its_domain():
    assert placeholder_email("staff@offsetmart.example")
    assert not placeholder_email("example@midori-carbon.co.jp")


@pytest.mark.parametrize("demo", DEMO_PROCESSORS, ids=lambda spec: spec["role"])
def test_every_demo_processor_is_recognised(demo):
    assert processor_demo_reasons(demo)


def test_stripe_with_a_real_contract_is_not_a_demo_processor():
    stripe = {
        "name": "Stripe, Inc.",
        "nda_reference": "SSA-2026-0142 with DPA",
        "contact": "https://support.stripe.com/contact, dpo@stripe.com",
    }

    assert processor_demo_reasons(stripe) == []


def test_a_contact_among_other_text_is_found():
    processor = {
        "name": "Mail K.K.",
        "nda_reference": "MK-7",
        "contact": "Legal team, +81 3-1234-5678, x@mail.example",
    }

    assert processor_demo_reasons(processor) == [
        "contact '" + processor["contact"] + "' is on an example domain"
    ]
