"""gunicorn settings, read from the working directory: `gunicorn shop.wsgi`.

The access log holds every visitor's IP address, which the privacy policy keeps
only for server trouble. With LOG_DIR set, gunicorn writes its access and error
logs there one file per day (``access-YYYY-MM-DD.log``, ``gunicorn-…``), and
``manage.py personal_data_purge`` deletes the days past the "server_logs"
retention (shop/settings/base.py). Without LOG_DIR gunicorn keeps no access log,
and its error log goes to the console, whose keeper (journald, the container
platform) must keep it no longer than that period.
"""

import os

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
