"""A real Celery worker, with Redis as the broker, for the tests of the background paths.

The worker is a separate process running the test settings against the test
database (which the test must commit to: ``transactional_db``). Tests that use
it are marked ``celery_worker`` and run when ``TEST_CELERY_BROKER_URL`` names a
Redis database (CI's PostgreSQL pass sets it); elsewhere they are deselected.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKER_ENV = "TEST_CELERY_BROKER_URL"


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database the test process is connected to."""
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@contextlib.contextmanager
def celery_worker_process(
    *, broker_url: str, database: str, concurrency: int = 2, log_path: Path | None = None
):
    """Start ``celery -A shop worker`` (prefork) and stop it on exit; yield the process."""
    import redis

    redis.Redis.from_url(broker_url).flushdb()  # no tasks left over from an earlier run
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.test",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_WORKER_PROCESS": "1",
    }
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shop", "worker", f"--concurrency={concurrency}",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        if log_path:
            log.close()


@contextlib.contextmanager
def tasks_sent_to_broker(broker_url: str):
    """Within the block, ``task.delay()`` in this process goes to the broker instead of running eagerly."""
    from shop.celery import app

    before = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    _connections_forget(app)
    try:
        yield
    finally:
        app.conf.update(**before)
        _connections_forget(app)


def _connections_forget(app) -> None:
    """Forget the app's cached broker pools so the next send uses the broker now configured.

    (Not closed: kombu keeps pools in a process-wide registry and would hand the closed one back.)
    """
    app._pool = None
    app.amqp._producer_pool = None


def wait_until(condition, *, timeout: float, interval: float = 0.2) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A running worker on the test database; tasks queued in the test go to it."""
    from django.db import connection

    broker_url = os.environ.get(BROKER_ENV)
    if not broker_url:
        pytest.skip(f"{BROKER_ENV} is not set")
    output = ROOT / "test-output"
    output.mkdir(exist_ok=True)
    with (
        celery_worker_process(
            broker_url=broker_url,
            database=database_url(connection.settings_dict),
            log_path=output / "celery-worker.log",
        ) as process,
        tasks_sent_to_broker(broker_url),
    ):
        yield process
