"""Allocations never overlap, never leave their batch, and are never changed or deleted (no refunds).

PostgreSQL: an exclusion constraint and trigger functions. SQLite (local use):
triggers for overlap and range; the model refuses changes and deletion there
(a delete trigger would also stop the test database from being flushed).
"""

from django.db import migrations

from offsets.migration_support import run_for_vendor

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE offsets_allocation
    ADD CONSTRAINT offsets_allocation_no_overlap
    EXCLUDE USING gist (batch_id WITH =, int8range(serial_first, serial_last, '[]') WITH &&)
    """,
    """
    CREATE FUNCTION offsets_allocation_within_batch() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM offsets_creditbatch AS batch
            WHERE batch.id = NEW.batch_id
              AND NEW.serial_first >= batch.serial_first
              AND NEW.serial_last <= batch.serial_last
        ) THEN
            RAISE EXCEPTION 'offsets_allocation_within_batch' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER offsets_allocation_within_batch
    BEFORE INSERT ON offsets_allocation
    FOR EACH ROW EXECUTE FUNCTION offsets_allocation_within_batch()
    """,
    """
    CREATE FUNCTION offsets_allocation_kept() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'offsets_allocation_kept' USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER offsets_allocation_kept
    BEFORE UPDATE OR DELETE ON offsets_allocation
    FOR EACH ROW EXECUTE FUNCTION offsets_allocation_kept()
    """,
    """
    CREATE FUNCTION offsets_batch_covers_allocations() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM offsets_allocation AS allocation
            WHERE allocation.batch_id = NEW.id
              AND (allocation.serial_first < NEW.serial_first OR allocation.serial_last > NEW.serial_last)
        ) THEN
            RAISE EXCEPTION 'offsets_batch_covers_allocations' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER offsets_batch_covers_allocations
    BEFORE UPDATE ON offsets_creditbatch
    FOR EACH ROW EXECUTE FUNCTION offsets_batch_covers_allocations()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER offsets_batch_covers_allocations ON offsets_creditbatch",
    "DROP FUNCTION offsets_batch_covers_allocations",
    "DROP TRIGGER offsets_allocation_kept ON offsets_allocation",
    "DROP FUNCTION offsets_allocation_kept",
    "DROP TRIGGER offsets_allocation_within_batch ON offsets_allocation",
    "DROP FUNCTION offsets_allocation_within_batch",
    "ALTER TABLE offsets_allocation DROP CONSTRAINT offsets_allocation_no_overlap",
]

SQLITE_FORWARD = [
    """
    CREATE TRIGGER offsets_allocation_no_overlap
    BEFORE INSERT ON offsets_allocation
    WHEN EXISTS (
        SELECT 1 FROM offsets_allocation AS other
        WHERE other.batch_id = NEW.batch_id
          AND other.serial_first <= NEW.serial_last AND other.serial_last >= NEW.serial_first
    )
    BEGIN SELECT RAISE(ABORT, 'offsets_allocation_no_overlap'); END
    """,
    """
    CREATE TRIGGER offsets_allocation_within_batch
    BEFORE INSERT ON offsets_allocation
    WHEN NOT EXISTS (
        SELECT 1 FROM offsets_creditbatch AS batch
        WHERE batch.id = NEW.batch_id
          AND NEW.serial_first >= batch.serial_first AND NEW.serial_last <= batch.serial_last
    )
    BEGIN SELECT RAISE(ABORT, 'offsets_allocation_within_batch'); END
    """,
    """
    CREATE TRIGGER offsets_batch_covers_allocations
    BEFORE UPDATE OF serial_first, serial_last ON offsets_creditbatch
    WHEN EXISTS (
        SELECT 1 FROM offsets_allocation AS allocation
        WHERE allocation.batch_id = NEW.id
          AND (allocation.serial_first < NEW.serial_first OR allocation.serial_last > NEW.serial_last)
    )
    BEGIN SELECT RAISE(ABORT, 'offsets_batch_covers_allocations'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS offsets_allocation_no_overlap",
    "DROP TRIGGER IF EXISTS offsets_allocation_within_batch",
    "DROP TRIGGER IF EXISTS offsets_batch_covers_allocations",
]


class Migration(migrations.Migration):
    dependencies = [("offsets", "0004_reservations_allocations")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            run_for_vendor({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
