"""Django's admin looks for ``legal.admin``: importing each sub-package's admin registers its models."""

from legal.documents import admin as documents_admin  # noqa: F401
from legal.privacy.incidents import admin as incidents_admin  # noqa: F401
from legal.privacy.requests import admin as privacy_requests_admin  # noqa: F401
from legal.processors import admin as processors_admin  # noqa: F401
from legal.staff import admin as staff_admin  # noqa: F401
