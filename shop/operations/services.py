"""Writes of the operations app."""

import datetime

from .models import BeatHeartbeat

# The heartbeat's one row.
HEARTBEAT_ID = 1


def heartbeat_record(*, ran_at: datetime.datetime) -> None:
    """Store ``ran_at`` as the heartbeat's last run, in one statement (an upsert).

    An upsert, not update_or_create: two workers running the very first heartbeats at once
    would both try to insert the row, and one would fail.
    """
    BeatHeartbeat.objects.bulk_create(
        [BeatHeartbeat(id=HEARTBEAT_ID, ran_at=ran_at)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["ran_at"],
    )
