"""Each serial appears on at most one live (pending or valid) certificate, and only as retired.

PostgreSQL: an exclusion constraint over (prefix, int8range of serials) for
live ranges, and a trigger keeping every range inside its retirement.
SQLite (local use): triggers reject the same rows.
"""

from django.db import migrations

from offsets.migration_support import run_for_vendor

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE offsets_certificateserialrange
    ADD CONSTRAINT offsets_certificate_serials_once
    EXCLUDE USING gist (
        serial_prefix WITH =,
        int8range(serial_first, serial_last, '[]') WITH &&
    ) WHERE (is_live)
    """,
    """
    CREATE FUNCTION offsets_certificate_range_retired() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM offsets_retirement AS retirement
            WHERE retirement.id = NEW.retirement_id
              AND NEW.serial_first >= retirement.serial_first
              AND NEW.serial_last <= retirement.serial_last
        ) THEN
            RAISE EXCEPTION 'offsets_certificate_range_retired' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER offsets_certificate_range_retired
    BEFORE INSERT OR UPDATE OF serial_first, serial_last, retirement_id ON offsets_certificateserialrange
    FOR EACH ROW EXECUTE FUNCTION offsets_certificate_range_retired()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER offsets_certificate_range_retired ON offsets_certificateserialrange",
    "DROP FUNCTION offsets_certificate_range_retired",
    "ALTER TABLE offsets_certificateserialrange DROP CONSTRAINT offsets_certificate_serials_once",
]

_SQLITE_LIVE_OVERLAP = """
    NEW.is_live AND EXISTS (
        SELECT 1 FROM offsets_certificateserialrange AS other
        WHERE other.is_live
          AND other.serial_prefix = NEW.serial_prefix
          AND other.serial_first <= NEW.serial_last
          AND other.serial_last >= NEW.serial_first
          {exclude_self}
    )
"""
_SQLITE_OUTSIDE_RETIREMENT = """
    NOT EXISTS (
        SELECT 1 FROM offsets_retirement AS retirement
        WHERE retirement.id = NEW.retirement_id
          AND NEW.serial_first >= retirement.serial_first
          AND NEW.serial_last <= retirement.serial_last
    )
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER offsets_certificate_serials_once_insert
    BEFORE INSERT ON offsets_certificateserialrange
    WHEN {_SQLITE_LIVE_OVERLAP.format(exclude_self="")}
    BEGIN SELECT RAISE(ABORT, 'offsets_certificate_serials_once'); END
    """,
    f"""
    CREATE TRIGGER offsets_certificate_serials_once_update
    BEFORE UPDATE ON offsets_certificateserialrange
    WHEN {_SQLITE_LIVE_OVERLAP.format(exclude_self="AND other.id != NEW.id")}
    BEGIN SELECT RAISE(ABORT, 'offsets_certificate_serials_once'); END
    """,
    f"""
    CREATE TRIGGER offsets_certificate_range_retired
    BEFORE INSERT ON offsets_certificateserialrange
    WHEN {_SQLITE_OUTSIDE_RETIREMENT}
    BEGIN SELECT RAISE(ABORT, 'offsets_certificate_range_retired'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS offsets_certificate_serials_once_insert",
    "DROP TRIGGER IF EXISTS offsets_certificate_serials_once_update",
    "DROP TRIGGER IF EXISTS offsets_certificate_range_retired",
]


class Migration(migrations.Migration):
    dependencies = [("offsets", "0006_retirements_certificates")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            run_for_vendor({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
