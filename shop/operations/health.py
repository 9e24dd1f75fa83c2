"""What /healthz/ checks: the database, the cache, the Celery broker and beat.

Each check runs in a thread of its own and the answer waits for them at most
HEALTHZ_TIMEOUT_SECONDS in all: a dependency that hangs (a host that drops
packets, a server that accepts and never answers) makes its check "down" and
never the endpoint hang. The answer is public, so it names what failed and the
exception's class only; the message (host names, addresses) goes to the log.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from shop.celery import app

from .selectors import heartbeat_last_run

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "down"
EAGER = "eager"  # no broker: tasks run in the web process (`make run`), which is fine there
NOT_SCHEDULED = "not scheduled"  # no broker, so no beat: nothing runs on a schedule, as intended


@dataclass(frozen=True)
class Check:
    """One dependency's state, and what the answer shows about it besides."""

    status: str
    facts: dict = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return self.status != DOWN

    def as_json(self) -> dict:
        return {"status": self.status, **self.facts}


def database_check() -> Check:
    """A new connection and a trivial query: also fails when the server takes no more connections."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(OK)


def cache_check() -> Check:
    """A key of its own set and read back, so concurrent checks never see each other's value."""
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, OK, timeout=60)
    try:
        read_back = cache.get(key)
    finally:
        cache.delete(key)
    return Check(OK) if read_back == OK else Check(DOWN, {"error": "the value set was not read back"})


def broker_check() -> Check:
    """A connection to CELERY_BROKER_URL, with the check's timeout for connecting and reading."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check(EAGER)
    seconds = settings.HEALTHZ_TIMEOUT_SECONDS
    broker = app.connection_for_write(
        url=settings.CELERY_BROKER_URL,
        connect_timeout=seconds,
        transport_options={"socket_timeout": seconds, "socket_connect_timeout": seconds},
    )
    try:
        broker.ensure_connection(max_retries=0)  # one attempt: kombu would otherwise retry for ever
    finally:
        broker.release()
    return Check(OK)


def beat_check() -> Check:
    """Whether the heartbeat task ran lately: beat, the broker and a worker all working."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check(NOT_SCHEDULED)
    last_run = heartbeat_last_run()
    if last_run is None:
        return Check(DOWN, {"error": "no heartbeat recorded yet"})
    seconds_ago = max(0, int((timezone.now() - last_run).total_seconds()))
    fresh = seconds_ago <= settings.HEALTHZ_BEAT_MAX_AGE_MINUTES * 60
    return Check(OK if fresh else DOWN, {"last_run_seconds_ago": seconds_ago})


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database_check,
    "cache": cache_check,
    "broker": broker_check,
    "beat": beat_check,
}


class _CheckRun:
    """One check running in a daemon thread: a thread still stuck when the process exits never holds it up."""

    def __init__(self, name: str, check: Callable[[], Check]):
        self.name = name
        self.check = check
        self.outcome: Check | None = None
        self.thread = threading.Thread(target=self._run, name=f"healthz-{name}", daemon=True)

    def _run(self) -> None:
        try:
            self.outcome = self.check()
        except Exception as error:  # whatever a client library raises, the dependency is down
            logger.warning("Health check %s failed: %s: %s", self.name, type(error).__name__, error)
            self.outcome = Check(DOWN, {"error": type(error).__name__})
        finally:
            # Connections are per thread: close this one's, or every health check would leave one open.
            connections.close_all()

    def result(self, *, deadline: float) -> Check:
        self.thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self.outcome is not None:
            return self.outcome
        seconds = settings.HEALTHZ_TIMEOUT_SECONDS
        logger.warning("Health check %s gave no answer within %g s", self.name, seconds)
        return Check(DOWN, {"error": f"no answer within {seconds:g} s"})


def health_report() -> dict[str, Check]:
    """Every check's state, by name, within HEALTHZ_TIMEOUT_SECONDS (and a little thread start-up)."""
    runs = [_CheckRun(name, check) for name, check in CHECKS.items()]
    deadline = time.monotonic() + settings.HEALTHZ_TIMEOUT_SECONDS
    for run in runs:
        run.thread.start()
    return {run.name: run.result(deadline=deadline) for run in runs}
