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

The access log holds every visitor's IP address, which the privacy policy keeps
only for server trouble. With LOG_DIR set, gunicorn writes its access and error
logs there one file per day (``access-YYYY-MM-DD.log``, ``gunicorn-…``), and
``manage.py personal_data_purge`` deletes the days past the "server_logs"
retention (shop/settings/base.py). Without LOG_DIR gunicorn keeps no access log,
and its error log goes to the console, whose keeper (journald, the container
platform) must keep it no longer than that period.
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

if os.environ.get("LOG_DIR"):
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "message": {"format": "%(message)s"},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "access": {
                "class": "common.logfiles.DatedFileHandler",
                "directory": os.environ["LOG_DIR"],
                "prefix": "access",
                "formatter": "message",
            },
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
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        },
    }
