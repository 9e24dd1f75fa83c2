"""Incidents for tests, registered through the service as incident managers register them."""

import datetime

from django.utils import timezone

from legal.privacy.incidents import services as incidents
from legal.privacy.incidents.models import Incident, IncidentKind

# 10:00 in Tokyo on 1 April 2025: the preliminary report is due 4 April, the final 1 May (31 May).
DISCOVERED_AT = timezone.make_aware(datetime.datetime(2025, 4, 1, 10, 0))


def incident_fields(**fields) -> dict:
    values = {
        "title": "会員データベースへの不正アクセス",
        "kind": IncidentKind.LEAK,
        "is_confirmed": True,
        "discovered_at": DISCOVERED_AT,
        "description": "管理画面のパスワードが第三者に使われ、会員一覧が閲覧された。",
        "data_items": ["email", "name"],
        "people_affected": 12,
    }
    values.update(fields)
    return values


def incident_registered(*, changed_by=None, **fields) -> Incident:
    """An incident saved by ``incident_save`` (validated, its first timeline entry written)."""
    return incidents.incident_save(incident=Incident(**incident_fields(**fields)), changed_by=changed_by)
