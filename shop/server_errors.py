"""Server errors reach the people in ADMINS, through the processor gateway, without customers' data.

Django's mail_admins handler is off (settings LOGGING): its report carries the
request's cookies, form data and query string, and the gateway's e-mail backend
refuses it anyway. Instead ``ServerErrorReportHandler``, on the ``django.request``
and ``celery.app.trace`` loggers, turns each uncaught exception into a short
report: the exception's class (not its message, which can quote what a customer
typed), where it happened (the URL pattern, never the address, which can hold a
token; or the task's name), when, on which host, the request id that finds the
request's line in the request log (shop/request_log.py), and the code's stack:
files, lines, functions, no values. The report goes to each admin like every
e-mail of the shop: into the outbox, through the gateway to the delivery
processor (purpose "account e-mail", as the processor warnings to staff), kept
and retried until sent.

One kind of error (class and place) is reported once in
SERVER_ERROR_REPORT_MINUTES, counted in the shared cache: a broken page hit a
thousand times is one e-mail per admin, not a thousand. Every occurrence, with
its full traceback, stays in the server's log.
"""

import datetime
import hashlib
import logging
import socket
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
STACK_FRAMES = 30  # the innermost ones: where it broke
_reporting = threading.local()
# Kinds reported by this process, with when they may be reported again: used only while the
# shared cache cannot be reached (Redis down is itself a server error worth one report).
_reported_here: dict[str, float] = {}


@dataclass(frozen=True)
class ServerError:
    exception: str  # the class, e.g. "django.db.utils.OperationalError"
    causes: tuple[str, ...]  # classes of the exceptions it was raised from or during
    occurred_at: datetime.datetime
    host: str
    stack: tuple[str, ...]  # "path:line in function" and the source line, innermost last
    # In a request: its method, URL pattern and view name, and the request id; in a Celery task:
    # the task's name and id.
    method: str = ""
    route: str = ""
    view_name: str = ""
    task: str = ""
    request_id: str = ""

    @property
    def kind(self) -> str:
        """What makes two errors the same for throttling: the class and the place."""
        return f"{self.exception}|{self.task or self.route or self.method}"


def server_error_from_record(record: logging.LogRecord) -> ServerError | None:
    """The report of the uncaught exception ``record`` carries, or None when it carries none."""
    if not record.exc_info or record.exc_info[1] is None:
        return None  # e.g. a 5xx a view returned on purpose: the log has it
    _type, exception, trace = record.exc_info
    common = {
        "exception": _class_name(exception),
        "causes": tuple(_class_name(cause) for cause in _causes(exception)),
        "occurred_at": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC),
        "host": socket.gethostname(),
        "stack": tuple(_frames(trace)),
    }
    request = getattr(record, "request", None)
    if request is not None:
        match = getattr(request, "resolver_match", None)
        return ServerError(
            **common,
            method=str(request.method),
            route=f"/{match.route}" if match else "",
            view_name=match.view_name if match else "",
            request_id=getattr(request, "request_id", ""),
        )
    task = getattr(record, "data", None)  # celery.app.trace puts the task's context there
    if isinstance(task, dict) and task.get("name"):
        return ServerError(**common, task=str(task["name"]), request_id=str(task.get("id") or ""))
    return ServerError(**common, task=record.name)


def server_error_report(*, error: ServerError) -> int:
    """Queue the report to every admin unless its kind was reported lately; return how many were queued."""
    recipients = [address for _name, address in settings.ADMINS]
    if not recipients or not _first_of_its_kind_lately(error):
        return 0
    # Imported here: Django configures logging, and so imports this module, before models can load.
    from legal.processors import outbox
    from legal.processors.models import Purpose

    context = {
        "error": error,
        "shop_name": settings.OSCAR_SHOP_NAME,
        "minutes": settings.SERVER_ERROR_REPORT_MINUTES,
    }
    subject = render_to_string("shop/emails/server_error_subject.txt", context).strip()
    body = render_to_string("shop/emails/server_error_body.txt", context)
    for address in recipients:
        outbox.email_enqueue_rendered(
            purpose=Purpose.ACCOUNT_EMAIL, recipient=address, subject=subject, body=body
        )
    return len(recipients)


class ServerErrorReportHandler(logging.Handler):
    """Report each uncaught exception logged on its loggers to ADMINS (see the module's docstring)."""

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(_reporting, "active", False):
            return  # an error while reporting is logged below, never reported: no loop
        _reporting.active = True
        try:
            error = server_error_from_record(record)
            if error is not None:
                server_error_report(error=error)
        except Exception:
            # Reporting must never break the response or the worker; the error itself is in the log.
            logger.exception("Could not queue the report of a server error (%s)", record.getMessage())
        finally:
            _reporting.active = False


def _first_of_its_kind_lately(error: ServerError) -> bool:
    key = "server-error-report:" + hashlib.sha256(error.kind.encode()).hexdigest()
    seconds = settings.SERVER_ERROR_REPORT_MINUTES * 60
    try:
        return cache.add(key, 1, timeout=seconds)
    except Exception:
        # The cache is unreachable: count in this process, so the report still goes out, at most
        # once per process and interval.
        now = time.monotonic()
        if _reported_here.get(key, 0.0) > now:
            return False
        _reported_here[key] = now + seconds
        return True


def _class_name(exception: BaseException) -> str:
    kind = type(exception)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _causes(exception: BaseException) -> list[BaseException]:
    causes, seen = [], {id(exception)}
    cause = exception.__cause__ or exception.__context__
    while cause is not None and id(cause) not in seen:
        causes.append(cause)
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return causes


def _frames(trace) -> list[str]:
    """The stack as code locations and source lines: no local variables, no exception message."""
    frames = []
    for frame in traceback.extract_tb(trace)[-STACK_FRAMES:]:
        frames.append(f"{_code_path(frame.filename)}:{frame.lineno} in {frame.name}")
        if frame.line:
            frames.append(f"    {frame.line}")
    return frames


def _code_path(filename: str) -> str:
    """A library's file from its package down, ours from the project's root."""
    if "site-packages/" in filename:
        return filename.rpartition("site-packages/")[2]
    path = Path(filename)
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else filename
