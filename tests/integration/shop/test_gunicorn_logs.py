"""Under gunicorn with LOG_DIR: the shop's request log with the real client IP, and no access log."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.loopback import free_port, wait_until_answering

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def gunicorn_with_log_dir(tmp_path):
    """gunicorn serving the shop from the project root (so it reads gunicorn.conf.py), logging to tmp_path."""
    log_dir = tmp_path / "logs"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_DIR": str(log_dir),
        "TRUSTED_PROXY_COUNT": "1",  # one load balancer in front
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "shop.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{url}/healthz/", process, seconds=60, name="gunicorn")
    yield url, log_dir
    process.terminate()
    process.wait(timeout=20)


def test_requests_are_logged_by_the_shop_with_the_client_address_and_gunicorn_keeps_no_access_log(
    gunicorn_with_log_dir,
):
    url, log_dir = gunicorn_with_log_dir
    request = urllib.request.Request(
        f"{url}/healthz/?probe=secret-query", headers={"X-Forwarded-For": "203.0.113.7"}
    )

    with urllib.request.urlopen(request, timeout=10) as response:
        request_id = response.headers["X-Request-ID"]

    [requests_file] = log_dir.glob("requests-*.log")
    [line] = [line for line in requests_file.read_text().splitlines() if request_id in line]
    entry = json.loads(line)
    assert (entry["path"], entry["status"], entry["ip"]) == ("/healthz/", 200, "203.0.113.7")
    written = "".join(path.read_text() for path in log_dir.iterdir())
    assert "secret-query" not in written
    assert not list(log_dir.glob("access-*.log"))
    assert "GET /healthz/" not in written  # no access line of gunicorn's anywhere
    assert list(log_dir.glob("gunicorn-*.log"))  # its error log is still kept
