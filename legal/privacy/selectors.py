"""Reads about one member's personal data, for the withdrawal page."""

from __future__ import annotations

from django.conf import settings

from .holding import OnWithdrawal
from .holdings import HOLDINGS, RETENTION_CATEGORIES


def withdrawal_outline(*, user) -> dict:
    """What withdrawing would do to ``user``'s data, from the register.

    Returns {"deleted": [(title, rows)], "kept": [{"category", "days", "years", "entries": [(title, rows)]}]}:
    only entries where the member has rows; kept entries grouped by retention category.
    """
    deleted, kept = [], {}
    days = settings.PERSONAL_DATA_RETENTION_DAYS
    for holding in HOLDINGS:
        if holding.view_of or holding.on_withdrawal == OnWithdrawal.DETACH:
            continue
        rows = holding.rows_of(user=user).count()
        if not rows:
            continue
        if holding.on_withdrawal == OnWithdrawal.DELETE:
            deleted.append((str(holding.title), rows))
        else:
            period = days[holding.retention]
            group = kept.setdefault(
                holding.retention,
                {"category": str(RETENTION_CATEGORIES[holding.retention]), "days": period,
                 "years": period // 365 if period and period >= 365 else None, "entries": []},
            )  # fmt: skip
            group["entries"].append((str(holding.title), rows))
    return {"deleted": deleted, "kept": list(kept.values())}
