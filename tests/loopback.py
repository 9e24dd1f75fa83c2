"""Servers the tests start themselves on loopback: a free port, and waiting until one answers."""

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, *, seconds: float, name: str) -> None:
    """Return once ``url`` answers; kill ``process`` and raise with its errors if it stops or is late."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  (loopback)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{name} did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.1)
