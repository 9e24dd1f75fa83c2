"""Where sorl-thumbnail remembers the thumbnails it made: the cache, not a database table.

sorl's default store (``cached_db_kvstore``) inserts a row the first time a page asks
for a thumbnail, so a visitor merely reading a page (the basket summary in the header
shows one per line) wrote to the database. What it keeps is only a note of a file's
name and size: when the note is missing, sorl checks whether the thumbnail file exists
before making it again, so losing the cache costs a file check, never a wrong image.
The default cache is Redis in production (shared by every web process).
"""

from django.core.cache import cache
from sorl.thumbnail.kvstores.base import KVStoreBase


class CacheKVStore(KVStoreBase):
    """sorl-thumbnail's key-value store in Django's default cache, kept without expiry."""

    # sorl 12 warns on every store but its cached-db one (it means to drop the others' code);
    # this one relies only on KVStoreBase's documented four methods, so the warning is not ours.
    _cached_db_kvstore = True

    def _get_raw(self, key):
        return cache.get(key)

    def _set_raw(self, key, value):
        cache.set(key, value, timeout=None)

    def _delete_raw(self, *keys):
        cache.delete_many(keys)

    def _find_keys_raw(self, prefix):
        # The cache cannot list its keys; `thumbnail cleanup` and `thumbnail clear` have nothing
        # to walk, and stale notes only cost a file check.
        return []
