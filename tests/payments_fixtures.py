"""A real localstripe server on a free loopback port, for every payment test."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_server():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "shop.payments.stripe.localstripe_server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=1)  # noqa: S310  (loopback)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"localstripe did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.1)
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
