"""gunicorn settings, read from the working directory: `gunicorn shop.wsgi`.

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

import os

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
