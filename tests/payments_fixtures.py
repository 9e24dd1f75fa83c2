"""A real localstripe server on a free loopback port, for every payment test."""

import subprocess
import sys
import urllib.request

import pytest

from tests.loopback import free_port, wait_until_answering


@pytest.fixture(scope="session")
def localstripe_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "shop.payments.stripe.localstripe_server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{url}/js.stripe.com/v3/", process, seconds=20, name="localstripe")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def localstripe(localstripe_server, settings):
    """Point the shop at the test localstripe; its data is wiped before each test."""
    wipe = urllib.request.Request(f"{localstripe_server}/_config/data", method="DELETE")  # noqa: S310
    urllib.request.urlopen(wipe, timeout=5)  # noqa: S310  (loopback)
    settings.STRIPE_API_BASE = localstripe_server
    settings.STRIPE_SECRET_KEY = "sk_test_offsetmart"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_offsetmart"
    return localstripe_server
