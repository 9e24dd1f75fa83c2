"""Serial ranges with the same prefix never overlap, enforced by the database.

PostgreSQL: an exclusion constraint over (prefix, int8range of serials).
SQLite has no exclusion constraints; triggers reject the same rows.
"""

from django.db import migrations

from offsets.migration_support import run_for_vendor

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE offsets_creditbatch
    ADD CONSTRAINT offsets_batch_serials_no_overlap
    EXCLUDE USING gist (
        serial_prefix WITH =,
        int8range(serial_first, serial_last, '[]') WITH &&
    )
    """,
]
POSTGRESQL_BACKWARD = [
    "ALTER TABLE offsets_creditbatch DROP CONSTRAINT offsets_batch_serials_no_overlap",
]

_SQLITE_OVERLAP = """
    EXISTS (
        SELECT 1 FROM offsets_creditbatch AS other
        WHERE other.serial_prefix = NEW.serial_prefix
          AND other.serial_first <= NEW.serial_last
          AND other.serial_last >= NEW.serial_first
          {exclude_self}
    )
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER offsets_batch_serials_no_overlap_insert
    BEFORE INSERT ON offsets_creditbatch
    WHEN {_SQLITE_OVERLAP.format(exclude_self="")}
    BEGIN SELECT RAISE(ABORT, 'offsets_batch_serials_no_overlap'); END
    """,
    f"""
    CREATE TRIGGER offsets_batch_serials_no_overlap_update
    BEFORE UPDATE OF serial_prefix, serial_first, serial_last ON offsets_creditbatch
    WHEN {_SQLITE_OVERLAP.format(exclude_self="AND other.id != NEW.id")}
    BEGIN SELECT RAISE(ABORT, 'offsets_batch_serials_no_overlap'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS offsets_batch_serials_no_overlap_insert",
    "DROP TRIGGER IF EXISTS offsets_batch_serials_no_overlap_update",
]


class Migration(migrations.Migration):
    dependencies = [("offsets", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            run_for_vendor({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
