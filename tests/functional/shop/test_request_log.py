"""The request log: one JSON line per request, its id sent back, and nothing personal but the IP."""

import json
import logging

import pytest
from django.test import Client

from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db

LINE_FIELDS = {"time", "method", "path", "status", "duration_ms", "request_id", "ip"}


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.written: list[str] = []

    def emit(self, record):
        self.written.append(self.format(record))


@pytest.fixture
def request_log():
    """The lines the ``shop.requests`` logger writes, as its handlers get them."""
    lines = Lines()
    logger = logging.getLogger("shop.requests")
    logger.addHandler(lines)
    yield lines.written
    logger.removeHandler(lines)


def test_each_request_writes_one_json_line_and_sends_its_id_back(client, request_log):
    response = client.get("/catalogue/")

    [line] = request_log
    entry = json.loads(line)
    assert set(entry) == LINE_FIELDS
    assert (entry["method"], entry["path"], entry["status"], entry["ip"]) == (
        "GET",
        "/catalogue/",
        200,
        "127.0.0.1",
    )
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert len(entry["request_id"]) == 32
    assert 0 < entry["duration_ms"] < 60_000
    assert entry["time"].endswith("+09:00")  # the shop's time zone, to the millisecond
    assert client.get("/catalogue/").headers["X-Request-ID"] != entry["request_id"]


def test_the_line_holds_no_query_string_user_cookie_or_body(client, django_user_model, request_log):
    member = django_user_model.objects.create_user(
        username="hanako", email="hanako.suzuki@mail.example.jp", password="correct horse battery"
    )
    client.force_login(member)
    client.cookies["cookie_consent"] = "preferences-secret-value"
    batch = CreditBatchFactory(price_per_tonne=3300)

    client.get("/search/?q=hanako.suzuki%40mail.example.jp&token=reset-token-123")
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 2, "note": "山田 太郎"})

    assert len(request_log) == 2
    search, basket = (json.loads(line) for line in request_log)
    assert search["path"] == "/search/"
    assert basket["method"] == "POST" and basket["path"] == f"/basket/add/{batch.product.pk}/"
    written = "\n".join(request_log)
    assert all(set(json.loads(line)) == LINE_FIELDS for line in request_log)  # no user id, no e-mail
    for personal in [
        "hanako",
        "mail.example.jp",
        "reset-token-123",
        "preferences-secret-value",
        "山田",
        "q=",
    ]:
        assert personal not in written
    assert "sessionid" not in written and client.cookies["sessionid"].value not in written


def test_behind_our_proxy_the_line_has_the_client_address_not_the_proxy(settings, request_log):
    settings.TRUSTED_PROXY_COUNT = 1
    visitor = Client(REMOTE_ADDR="10.0.0.5")  # the load balancer

    visitor.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")

    assert json.loads(request_log[0])["ip"] == "203.0.113.7"


def test_a_hostile_path_cannot_forge_a_second_line(client, request_log):
    response = client.get("/catalogue/%0A%7B%22status%22%3A%20200%7D%E2%80%A8x/")

    assert response.status_code == 400  # the control-character middleware's page
    [line] = request_log
    assert "\n" not in line and "\u2028" not in line
    entry = json.loads(line)
    assert entry["status"] == 400
    assert entry["path"] == '/catalogue/\n{"status": 200}\u2028x/'


def test_a_server_error_is_logged_with_its_request_id(client, request_log, monkeypatch):
    from shop.apps.catalogue import views

    def broken(*args, **kwargs):
        raise RuntimeError("the catalogue broke")

    monkeypatch.setattr(views.CatalogueView, "get", broken)
    visitor = Client(raise_request_exception=False)

    response = visitor.get("/catalogue/")

    assert response.status_code == 500
    entry = json.loads(request_log[0])
    assert (entry["status"], entry["request_id"]) == (500, response.headers["X-Request-ID"])
