"""Private files of privacy requests (identity documents, disclosure snapshots).

They live under PRIVATE_MEDIA_ROOT, which is never under MEDIA_ROOT and has no
URL: staff with permission see a file only through a view that streams it
(legal.privacy.requests.views), and every look is logged.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="legal.privacy.requests.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at PRIVATE_MEDIA_ROOT (read when used, so tests can move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; stream them through a permission-checked view.")


private_storage = PrivateStorage()
