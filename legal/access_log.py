# PLACEHOLDER: replaced by feat/incidents at merge
"""Stand-in for the staff access log; the real module comes from feat/incidents."""


def staff_access_record(
    *, staff, action: str, subject_user=None, subject_email: str = "", target: str = "", request=None
) -> None:
    """Record that ``staff`` looked at someone's personal data (does nothing in this placeholder)."""
    return None
