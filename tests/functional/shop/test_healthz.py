"""/healthz/: 200 when the database, cache, broker and beat are fine; 503 naming each one that is not."""

import datetime
import os
import socket
import time

import pytest
import time_machine
from django.db import connections
from django.utils import timezone

from shop.operations.selectors import heartbeat_last_run
from shop.operations.services import heartbeat_record
from shop.operations.tasks import heartbeat_record as heartbeat_task
from tests.worker_fixtures import BROKER_ENV, wait_until

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused at once
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def broker(settings):
    """Tasks go to a broker (kombu's in-process one: it is up) and beat schedules the heartbeat."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"


@pytest.fixture
def silent_server():
    """A port that takes connections and never answers, like a host that hangs."""
    server = socket.create_server(("127.0.0.1", 0))
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()  # the waiting connections are reset, so the checks' threads end


def checks_of(response) -> dict:
    return {name: check["status"] for name, check in response.json()["checks"].items()}


def test_all_up_on_a_machine_without_a_broker_is_200(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert checks_of(response) == {
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
        "beat": "not scheduled",
    }


def test_the_answer_is_never_cached_and_sets_no_cookie(client):
    response = client.get("/healthz/")

    assert "no-store" in response.headers["Cache-Control"]
    assert not response.cookies


def test_it_answers_head_and_refuses_writes(client):
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


@pytest.mark.django_db(transaction=True)  # the checks run in threads of their own: committed rows only
def test_all_up_with_a_broker_and_a_fresh_heartbeat_is_200(client, broker):
    heartbeat_record(ran_at=timezone.now() - datetime.timedelta(seconds=30))

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert checks_of(response) == {"database": "ok", "cache": "ok", "broker": "ok", "beat": "ok"}
    assert 30 <= response.json()["checks"]["beat"]["last_run_seconds_ago"] < 60


def test_a_down_database_is_503(client, monkeypatch):
    # The check opens a connection of its own (in its thread): from these settings, to nowhere.
    unreachable = {**connections.settings["default"], "NAME": "/nonexistent/shop.db", "PORT": "1"}
    monkeypatch.setattr(connections, "settings", {**connections.settings, "default": unreachable})

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert checks_of(response) == {
        "database": "down",
        "cache": "ok",
        "broker": "eager",
        "beat": "not scheduled",
    }
    assert response.json()["checks"]["database"]["error"] == "OperationalError"


def test_a_down_cache_is_503(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT}
    }

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert checks_of(response)["cache"] == "down"
    assert {name for name, status in checks_of(response).items() if status == "down"} == {"cache"}


@pytest.mark.django_db(transaction=True)
def test_a_down_broker_is_503(client, broker, settings):
    heartbeat_record(ran_at=timezone.now())
    settings.CELERY_BROKER_URL = CLOSED_PORT

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert checks_of(response) == {"database": "ok", "cache": "ok", "broker": "down", "beat": "ok"}
    # The answer is public: what failed, not where it lives.
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_beat_is_down_when_its_heartbeat_is_older_than_the_setting(client, broker, settings):
    settings.HEALTHZ_BEAT_MAX_AGE_MINUTES = 5
    ran_at = timezone.now()
    heartbeat_record(ran_at=ran_at)

    with time_machine.travel(ran_at + datetime.timedelta(minutes=4, seconds=50), tick=False):
        still_fresh = client.get("/healthz/")
    with time_machine.travel(ran_at + datetime.timedelta(minutes=5, seconds=10), tick=False):
        stale = client.get("/healthz/")

    assert still_fresh.status_code == 200
    assert stale.status_code == 503
    assert checks_of(stale) == {"database": "ok", "cache": "ok", "broker": "ok", "beat": "down"}
    assert stale.json()["checks"]["beat"]["last_run_seconds_ago"] == 310


def test_beat_is_down_before_its_first_heartbeat(client, broker):
    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["checks"]["beat"] == {"status": "down", "error": "no heartbeat recorded yet"}


@pytest.mark.parametrize("dependency", ["cache", "broker"])
def test_a_dependency_that_never_answers_is_down_within_the_timeout(
    client, broker, settings, silent_server, dependency
):
    settings.HEALTHZ_TIMEOUT_SECONDS = 0.5
    if dependency == "cache":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": silent_server}
        }
    else:
        settings.CELERY_BROKER_URL = silent_server

    started = time.monotonic()
    response = client.get("/healthz/")
    took = time.monotonic() - started

    assert response.status_code == 503
    assert checks_of(response)[dependency] == "down"
    assert took < 2.5


def test_the_heartbeat_task_records_when_it_ran(broker):
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        heartbeat_task.apply()

    assert heartbeat_last_run() == datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)


def test_beat_runs_the_heartbeat_every_minute(settings):
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == heartbeat_task.name
    ]

    assert [(entry["schedule"], entry["options"]["expires"]) for entry in entries] == [(60, 60)]
    assert settings.HEALTHZ_BEAT_MAX_AGE_MINUTES * 60 > 60


@pytest.mark.celery_worker
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_sent_through_redis_and_run_by_a_worker_makes_beat_up(client, celery_worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ[BROKER_ENV]
    before = client.get("/healthz/")

    heartbeat_task.delay()  # as beat sends it

    assert wait_until(lambda: heartbeat_last_run() is not None, timeout=60)
    after = client.get("/healthz/")
    assert (before.status_code, checks_of(before)["beat"]) == (503, "down")
    assert after.status_code == 200
    assert checks_of(after) == {"database": "ok", "cache": "ok", "broker": "ok", "beat": "ok"}
