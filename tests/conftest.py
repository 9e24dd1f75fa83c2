import os

import pytest
from django.db import connection

pytest_plugins = ["tests.fixtures", "tests.payments_fixtures", "tests.worker_fixtures"]

DATABASE_MARKERS = ("postgresql", "sqlite")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Run database-specific tests only against that database.

    Tests marked ``postgresql`` check what only PostgreSQL enforces (they run
    in the PostgreSQL pass of CI and whenever DATABASE_URL points there);
    ``sqlite`` tests check the SQLite stand-ins; ``celery_worker`` tests run on
    PostgreSQL when TEST_CELERY_BROKER_URL names a Redis database. Deselected, not skipped:
    each pass runs every test that applies to its database.
    """
    vendor = connection.vendor
    has_worker_broker = bool(os.environ.get("TEST_CELERY_BROKER_URL"))
    selected, deselected = [], []
    for item in items:
        other_database = any(
            item.get_closest_marker(marker) and vendor != marker for marker in DATABASE_MARKERS
        )
        # Real-worker tests need Redis and a database a second process can open (PostgreSQL).
        no_worker = item.get_closest_marker("celery_worker") and not (
            has_worker_broker and vendor == "postgresql"
        )
        (deselected if other_database or no_worker else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test fails: CI must have every tool a test needs."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which is a failure here: {reason}"
