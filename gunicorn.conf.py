"""gunicorn settings, read from the working directory: `gunicorn shop.wsgi` (the Procfile's web).

Every figure comes from the environment so one file serves a laptop and a fleet:

- ``PORT`` (honcho sets it per instance: ``honcho start -c web=2`` serves on 5000 and 5001) or
  ``GUNICORN_BIND`` for another address; ``WEB_CONCURRENCY`` worker processes (default: two per
  core plus one), ``GUNICORN_THREADS`` threads each (default 2: a request waiting on Stripe
  leaves the worker's other thread free), ``GUNICORN_TIMEOUT`` seconds before a stuck worker is
  restarted (default 30: longer than Stripe's timeout and one retry, see STRIPE_TIMEOUT_SECONDS).
- ``FORWARDED_ALLOW_IPS``: the addresses of our own reverse proxies whose X-Forwarded-Proto
  gunicorn believes (gunicorn's own variable, default 127.0.0.1). Which X-Forwarded-For entry is
  the client is Django's business (TRUSTED_PROXY_COUNT, common/http.py), not gunicorn's.

gunicorn keeps no access log: the shop writes one JSON line per request itself
(logger "shop.requests", shop/request_log.py), with the client's real IP address
(``common.http.client_ip``, by TRUSTED_PROXY_COUNT; gunicorn sees only the load
balancer's), the request id sent back as X-Request-ID, and no query string. A
request that never reached the shop (a worker timeout, a malformed request) is
in gunicorn's error log. IP addresses are kept only for server trouble: with
LOG_DIR set, the error log goes there one file per day (``gunicorn-YYYY-MM-DD.log``)
and ``manage.py personal_data_purge`` deletes the days past the "server_logs"
retention (shop/settings/base.py). Without LOG_DIR the error log goes to the
console, whose keeper (journald, the container platform) must keep it no longer
than that period.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = timeout
# Behind a load balancer that keeps connections open to us: longer than its idle timeout is
# wrong, shorter only costs reconnects.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE") or 5)
# Recycle workers now and then, spread out, so a slow leak never takes a host down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
# Import the app once before forking: workers share its memory and a broken deploy fails at once.
preload_app = True
# No access log: the shop's request log replaces it (see above).
accesslog = None

if os.environ.get("LOG_DIR"):
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "error": {
                "class": "common.logfiles.DatedFileHandler",
                "directory": os.environ["LOG_DIR"],
                "prefix": "gunicorn",
                "formatter": "plain",
            },
        },
        # gunicorn merges this into its defaults key by key: the root logger must name our handler.
        "root": {"handlers": ["error"], "level": "INFO"},
        "loggers": {
            # With a logconfig_dict gunicorn logs each request here; the shop's request log replaces it.
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        },
    }
