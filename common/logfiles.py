"""Log files that keep only as many days as the "server_logs" retention allows.

Log lines carry IP addresses (the web server's access log, refused webhooks),
which the privacy policy keeps only for dealing with server trouble. Each day
gets its own file, ``<prefix>-YYYY-MM-DD.log``; files are only ever appended
to, never renamed, so any number of processes (gunicorn workers, Celery) can
write to one directory without rotating each other's files away. Old files
are deleted when a process starts a new day and by ``personal_data_purge``.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

DATED_NAME = re.compile(r"^(?P<prefix>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.log$")


class DatedFileHandler(logging.Handler):
    """Append each record to ``<directory>/<prefix>-<local date>.log``."""

    def __init__(self, directory: str, prefix: str, keep_days: int | None = None, encoding: str = "utf-8"):
        super().__init__()
        self.directory = Path(directory)
        self.prefix = prefix
        self.keep_days = keep_days
        self.encoding = encoding
        self._day: datetime.date | None = None
        self._stream = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            day = datetime.date.fromtimestamp(record.created)
            if day != self._day:
                self._open(day)
            self._stream.write(self.format(record) + "\n")
            self._stream.flush()
        except Exception:
            self.handleError(record)

    def _open(self, day: datetime.date) -> None:
        if self._stream is not None:
            self._stream.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        # Append mode is O_APPEND: concurrent writers never overwrite each other.
        path = self.directory / f"{self.prefix}-{day.isoformat()}.log"
        self._stream = open(path, "a", encoding=self.encoding)  # noqa: SIM115  (kept open across records)
        self._day = day
        if self.keep_days is not None:
            for path in log_files_expired(directory=self.directory, keep_days=self.keep_days, today=day):
                if DATED_NAME.match(path.name) and DATED_NAME.match(path.name)["prefix"] == self.prefix:
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        with self.lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
                self._day = None
        super().close()


def log_files_expired(*, directory: str | Path, keep_days: int, today: datetime.date) -> list[Path]:
    """Log files in ``directory`` older than ``keep_days`` days before ``today``.

    A dated file's age is the date in its name; any other ``*.log*`` file
    (e.g. an access log a web server writes there) is judged by when it was
    last written.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    oldest_kept = today - datetime.timedelta(days=keep_days)
    expired = []
    for path in sorted(directory.iterdir()):
        if not path.is_file() or ".log" not in path.name:
            continue
        dated = DATED_NAME.match(path.name)
        if dated:
            day = datetime.date.fromisoformat(dated["day"])
        else:
            day = datetime.date.fromtimestamp(path.stat().st_mtime)
        if day < oldest_kept:
            expired.append(path)
    return expired
