"""Helpers for migrations that write database-specific guards (constraints, triggers)."""


def run_for_vendor(statements_by_vendor: dict[str, list[str]]):
    """A RunPython function executing the statements written for the current database."""

    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
