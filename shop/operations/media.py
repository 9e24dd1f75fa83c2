"""Public media: the images staff upload (products, categories, projects) and sorl's thumbnails of them.

The shop serves them itself from MEDIA_ROOT under MEDIA_URL, in every environment
(``PublicMediaMiddleware``; a reverse proxy serving MEDIA_ROOT, or object storage, is faster:
README, "Production"). Only images are public: MEDIA_ROOT also holds files that are not
(certificate PDFs under ``certificates/``, which their own view hands to their owners only), so
anything that is not an image is not served here. Nothing outside MEDIA_ROOT is served, through
``..``, an absolute path or a symbolic link, and nothing under PRIVATE_MEDIA_ROOT even if it were
configured inside it.
"""

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# What the image fields accept that browsers show, by extension; the type sent comes from here,
# not from the system's MIME table, so a served file's type never depends on the host.
PUBLIC_MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
# A stored file never changes under its name (Django's storage picks a new name for a new upload,
# sorl a new name for a new thumbnail), so browsers and CDNs may keep it long.
PUBLIC_MEDIA_MAX_AGE = 30 * 24 * 60 * 60


def public_media_prefix() -> str | None:
    """MEDIA_URL as a path the shop serves, or None when it is on another host (object storage)."""
    prefix = settings.MEDIA_URL
    if urlsplit(prefix).netloc or not prefix.startswith("/") or not prefix.strip("/"):
        return None
    return prefix if prefix.endswith("/") else f"{prefix}/"


def public_media_file(path: str) -> tuple[Path, str] | None:
    """The image ``path`` names under MEDIA_ROOT and its content type; None if it may not be served."""
    requested = PurePosixPath(path)
    # No absolute paths, no "." or ".." segments, no hidden files (".htaccess", ".git").
    if requested.is_absolute() or any(part.startswith(".") for part in requested.parts):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    try:
        file = (root / requested).resolve(strict=True)  # follows symbolic links to where they lead
        is_file = file.is_file()
    except (OSError, RuntimeError, ValueError):  # missing, a name too long, a link loop, a NUL byte
        return None
    content_type = PUBLIC_MEDIA_TYPES.get(file.suffix.lower())
    if not is_file or content_type is None or not file.is_relative_to(root) or file.is_relative_to(private):
        return None
    return file, content_type


def public_media_response(request: HttpRequest, path: str) -> HttpResponse | None:
    """The image at ``path`` (or 304 when the copy the browser holds is current); None if there is none."""
    found = public_media_file(path)
    if found is None:
        return None
    file, content_type = found
    stat = file.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    # None unless If-None-Match / If-Modified-Since say the browser's copy is current.
    response = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if response is None:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(stat.st_mtime)
    patch_cache_control(response, public=True, max_age=PUBLIC_MEDIA_MAX_AGE)
    return response
