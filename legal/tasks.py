"""Celery discovers ``legal.tasks`` only: importing the sub-packages' tasks registers them."""

from legal.documents import tasks as documents_tasks  # noqa: F401
from legal.privacy import tasks as privacy_tasks  # noqa: F401
from legal.privacy.requests import tasks as privacy_requests_tasks  # noqa: F401
from legal.processors import tasks as processors_tasks  # noqa: F401
