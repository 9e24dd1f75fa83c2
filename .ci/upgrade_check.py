"""Helper of .ci/upgrade-check: one Django process per code tree, plus a comparison.

    cd OLD && PYTHONPATH=OLD python upgrade_check.py old  ROOT OUT.json
    cd NEW && PYTHONPATH=NEW python upgrade_check.py new  ROOT OUT.json
              python upgrade_check.py compare BEFORE.json AFTER.json

``old`` builds the database as the old code would (migrate, the demo data, and
one row or more in the legal tables through the old code's own services);
``new`` runs the new code's migrate, makemigrations --check and check on it.
Both write the legal tables' row counts and per-column fingerprints to OUT.json.
ROOT is the tree whose packages must be the ones imported: the script stops
if any of the project's modules came from elsewhere (the venv's editable
install points at another checkout).
"""

import json
import os
import sys

PROJECT_PACKAGES = ("shop", "offsets", "legal", "common")


def fail(message: str) -> None:
    print(f"upgrade-check: {message}", file=sys.stderr)
    sys.exit(1)


def check_origin(root: str) -> None:
    """Every project module imported so far must live under ``root``."""
    root = os.path.realpath(root) + os.sep
    strays = sorted(
        f"{name} ({module.__file__})"
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in PROJECT_PACKAGES
        and getattr(module, "__file__", None)
        and not os.path.realpath(module.__file__).startswith(root)
    )
    if strays:
        fail(f"project modules imported from outside {root}: " + ", ".join(strays[:10]))


def legal_tables() -> dict[str, dict]:
    """{table: {"rows": n, "columns": {column: {"type": t, "md5": fingerprint}}}} for every legal_* table.

    Each column is fingerprinted on its own, its values in primary-key order, so that a
    later migration may add columns (or tables) and the old columns can still be
    compared value for value: an addition is not a loss, a changed old value is.
    """
    from django.db import connection

    result = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "AND table_name LIKE 'legal\\_%%' ORDER BY table_name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s ORDER BY column_name",
                [table],
            )
            types = dict(cursor.fetchall())
            primary_key = connection.introspection.get_primary_key_column(cursor, table)
            if primary_key is None:
                fail(f"{table} has no primary key: its rows cannot be compared column by column")
            order = connection.ops.quote_name(primary_key)
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608
            rows = cursor.fetchone()[0]
            columns = {}
            for name, data_type in types.items():
                column = connection.ops.quote_name(name)
                cursor.execute(
                    f"SELECT md5(coalesce(string_agg(coalesce({column}::text, '<null>'), "  # noqa: S608
                    f"E'\\n' ORDER BY {order}), '')) FROM {quoted}"
                )
                columns[name] = {"type": data_type, "md5": cursor.fetchone()[0]}
            result[table] = {"rows": rows, "columns": columns}
    return result


def setup(root: str) -> None:
    import django

    django.setup()
    check_origin(root)


def seed_old_code() -> None:
    """A row or more in most legal tables, made through b7edb02's own services (its API, not today's)."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from legal import incidents, services
    from legal.access_log import staff_access_record
    from legal.models import (
        ACCEPTED_KINDS,
        Acceptance,
        AccessAction,
        DocumentVersion,
        Incident,
        IncidentKind,
        RequestKind,
    )
    from legal.privacy.services import member_withdraw
    from legal.privacy_requests import services as requests

    User = get_user_model()
    staff = User.objects.get(username="staff")
    member = User.objects.create_user(
        username="upgrade-member",
        email="upgrade-member@example.jp",
        password=None,
        first_name="花子",
        last_name="山田",
    )
    published = DocumentVersion.objects.filter(
        document__kind__in=ACCEPTED_KINDS, status=DocumentVersion.Status.PUBLISHED
    )
    services.acceptances_record(versions=published, context=Acceptance.Context.REGISTRATION, user=member)

    # Version 2 of the terms: a change notice for the member and its e-mail (outbox, provision record).
    terms = published.get(document__kind="terms", number=1)
    draft = services.version_draft_from(version=terms, user=staff)
    draft.change_summary, draft.change_summary_en = "第2条を改訂", "Article 2 revised."
    draft.save()
    services.version_publish(version=draft, user=staff, is_material=True)

    # A request to stop using the data, identity verified, granted: events, a document, a restriction.
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% identity\ntrailer << >>\n%%EOF\n"
    request = requests.privacy_request_submit(
        kind=RequestKind.CESSATION_OF_USE,
        requester_name="山田 花子",
        requester_email=member.email,
        documents=[("requester_id", SimpleUploadedFile("licence.pdf", pdf, content_type="application/pdf"))],
        user=member,
    )
    for document in request.identity_documents.all():
        requests.identity_document_verify(document=document, staff=staff)
    requests.privacy_request_complete(request=request, staff=staff, reply="利用を停止しました。")

    # An incident with a timeline note and a notice to the member.
    incident = incidents.incident_save(
        incident=Incident(
            title="会員データベースへの不正アクセス",
            kind=IncidentKind.LEAK,
            is_confirmed=True,
            discovered_at=request.received_at,
            description="管理画面のパスワードが第三者に使われ、会員一覧が閲覧された。",
            data_items=["email", "name"],
            people_affected=1,
        ),
        changed_by=staff,
    )
    incidents.incident_note_add(incident=incident, author=staff, note="パスワードを変更した。")
    incidents.incident_notices_send(
        incident=incident, members=[member], message="お客様のメールアドレスが閲覧されました。", sent_by=staff
    )

    staff_access_record(staff=staff, action=AccessAction.VIEW_CUSTOMER, subject_user=member)

    # Another member closes their account: a withdrawal record (and a goodbye e-mail).
    leaving = User.objects.create_user(
        username="upgrade-leaving", email="upgrade-leaving@example.jp", password=None
    )
    member_withdraw(user=leaving)


def run_old(root: str, out: str) -> None:
    setup(root)
    import legal.models

    if not hasattr(legal.models, "__path__"):
        fail(f"the old tree's legal.models is not a package ({legal.models.__file__}): wrong code imported")
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_data")
    call_command("load_legal_demo")
    seed_old_code()
    check_origin(root)
    write(out, {"tables": legal_tables()})


def run_new(root: str, out: str) -> None:
    setup(root)
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    call_command("migrate", interactive=False, verbosity=0)
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=1)
    except SystemExit as exit:
        if exit.code:
            fail("makemigrations --check: the models have changes that have no migration (above)")
    call_command("check")
    check_origin(root)
    write(out, {"applied": pending, "tables": legal_tables()})


def write(path: str, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=1, sort_keys=True)


def compare(before_path: str, after_path: str) -> None:
    with open(before_path, encoding="utf-8") as file:
        before = json.load(file)["tables"]
    with open(after_path, encoding="utf-8") as file:
        after_data = json.load(file)
    after = after_data["tables"]
    problems, additions = [], []
    width = max(len(name) for name in {*before, *after, "table"})
    lines = [f"  {'table':<{width}}  {'before':>6}  {'after':>6}"]
    for table in sorted({*before, *after}):
        old, new = before.get(table), after.get(table)
        mark = ""
        if old is None:
            # A table the new code brings: nothing of the old data can be in it.
            mark = "  (table added)"
            additions.append(table)
        elif new is None:
            mark = "  <- table gone"
            problems.append(f"{table}: table missing after the upgrade")
        elif old["rows"] != new["rows"]:
            mark = "  <- rows differ"
            problems.append(f"{table}: {old['rows']} rows before, {new['rows']} after")
        else:
            gone = sorted(set(old["columns"]) - set(new["columns"]))
            added = sorted(set(new["columns"]) - set(old["columns"]))
            retyped = sorted(
                f"{name} {old['columns'][name]['type']} -> {new['columns'][name]['type']}"
                for name in set(old["columns"]) & set(new["columns"])
                if old["columns"][name]["type"] != new["columns"][name]["type"]
            )
            changed = sorted(
                name
                for name in set(old["columns"]) & set(new["columns"])
                if old["columns"][name]["md5"] != new["columns"][name]["md5"]
            )
            if gone:
                problems.append(f"{table}: columns gone: {gone}")
            if retyped:
                problems.append(f"{table}: columns retyped: {retyped}")
            if changed:
                problems.append(f"{table}: values changed in columns {changed}")
            if gone or retyped or changed:
                mark = "  <- contents differ"
            elif added:
                mark = f"  (columns added: {', '.join(added)})"
                additions.append(f"{table}.{{{','.join(added)}}}")
        cells = [str(side["rows"]) if side else "-" for side in (old, new)]
        lines.append(f"  {table:<{width}}  {cells[0]:>6}  {cells[1]:>6}{mark}")
    applied = after_data.get("applied", [])
    print("\n".join(lines))
    print(
        f"  migrations applied by the new code: {', '.join(applied) if applied else 'none'}; "
        f"empty legal tables: {sum(1 for t in before.values() if not t['rows'])} of {len(before)}; "
        f"added by the new code: {', '.join(additions) if additions else 'nothing'}"
    )
    if problems:
        fail("the upgrade lost or changed data:\n  " + "\n  ".join(problems))


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[0] not in {"old", "new", "compare"}:
        fail("usage: upgrade_check.py old|new ROOT OUT.json, or compare BEFORE.json AFTER.json")
    mode, first, second = argv
    {"old": run_old, "new": run_new, "compare": compare}[mode](first, second)


if __name__ == "__main__":
    main(sys.argv[1:])
