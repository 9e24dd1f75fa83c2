"""Reads of the operations app."""

import datetime

from .models import BeatHeartbeat
from .services import HEARTBEAT_ID


def heartbeat_last_run() -> datetime.datetime | None:
    """When the heartbeat task last ran, or None if it never has."""
    return BeatHeartbeat.objects.filter(id=HEARTBEAT_ID).values_list("ran_at", flat=True).first()
