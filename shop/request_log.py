"""The request log: one JSON line per request on the ``shop.requests`` logger, and the request id.

A line holds what dealing with server trouble needs: when, method, path,
status, duration, the request id (sent back as ``X-Request-ID`` and named in
server error reports, shop/server_errors.py) and the client's IP address
(``common.http.client_ip``, real behind our proxies). The IP address is the only
personal data: the privacy policy keeps it for server trouble only, and the log
files are deleted after the "server_logs" period (settings LOGGING, LOG_DIR).
Nothing else about the visitor is written: no user id, e-mail, query string
(search terms, tokens), cookie or body. gunicorn keeps no access log of its own
(gunicorn.conf.py): it sees only the load balancer's address.
"""

import datetime
import json
import logging
import time
import uuid

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from common.http import client_ip

logger = logging.getLogger("shop.requests")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestLogMiddleware:
    """Give each request an id (``request.request_id``), send it back, and log one line when answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        arrived = time.time()  # formatted only if the line is written: this runs on every request
        started = time.perf_counter()
        # Made here, never taken from the request: a client could reuse another's id.
        request.request_id = uuid.uuid4().hex
        # An exception in the view or any middleware inside this one comes back as a 500 response.
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response[REQUEST_ID_HEADER] = request.request_id
        if logger.isEnabledFor(logging.INFO):
            line = {
                "time": datetime.datetime.fromtimestamp(
                    arrived, tz=timezone.get_default_timezone()
                ).isoformat(timespec="milliseconds"),
                "method": request.method,
                "path": request.path,  # without the query string
                "status": response.status_code,
                "duration_ms": duration_ms,
                "request_id": request.request_id,
                "ip": client_ip(request),
            }
            # ASCII JSON escapes every line break (\n, but also U+2028 or NEL, which some readers split
            # on) and quote, so a hostile path cannot forge a second line; jq shows it decoded.
            logger.info(json.dumps(line))
        return response
