"""Checking uploaded identity documents: size and type, judged by the content, not the name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
ALLOWED_TYPES = (PDF, JPEG, PNG)


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _image_is_whole(upload, content_type: str) -> bool:
    """Pillow reads the image's structure; a renamed or truncated file fails here."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            return image.format == {JPEG: "JPEG", PNG: "PNG"}[content_type]
    except Exception:  # Pillow raises many kinds of errors for broken files
        return False
    finally:
        upload.seek(0)


def _pdf_is_whole(upload) -> bool:
    """A PDF ends with %%EOF (within the last kilobyte, as readers look for it)."""
    size = upload.size
    upload.seek(max(0, size - 1024))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def identity_file_check(upload) -> str:
    """Return the content type of an acceptable upload, or raise ValidationError saying what is wrong."""
    limit = settings.PRIVACY_UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files can be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    upload.seek(0)
    content_type = _sniff(upload.read(16))
    upload.seek(0)
    whole = content_type is not None and (
        _pdf_is_whole(upload) if content_type == PDF else _image_is_whole(upload, content_type)
    )
    if not whole:
        raise ValidationError(
            _("Upload a PDF, JPEG or PNG file. This file is not one (or it is damaged)."), code="type"
        )
    return content_type
