"""The personal-data register: complete, exported, applied at withdrawal and by the retention purge."""

import datetime
import io
import json
import logging
import os
import re
from io import StringIO

import pypdf
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from oscar.core.loading import get_model

from common.logfiles import DatedFileHandler
from legal.documents.models import Acceptance, ChangeNotice
from legal.privacy import tombstones
from legal.privacy.exceptions import WithdrawalRefused
from legal.privacy.export import personal_data_export, personal_data_export_pdf
from legal.privacy.holding import AtRetentionEnd, OnWithdrawal
from legal.privacy.holdings import HOLDINGS, NOT_ABOUT_A_PERSON, SECTIONS, register_problems
from legal.privacy.models import WithdrawalRecord
from legal.privacy.services import member_withdraw, personal_data_purge
from legal.processors.exceptions import ProvisionRecordLocked
from legal.processors.models import OutboxMessage, ProvisionRecord
from offsets.models import Certificate, CertificateEvent, Retirement
from tests.factories.certificates import retired_order
from tests.factories.privacy import BENEFICIARY, MEMBER_EMAIL, populated_member

pytestmark = pytest.mark.django_db
User = get_user_model()
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
CheckoutSubmission = get_model("order", "CheckoutSubmission")
Notification = get_model("communication", "Notification")

NOW = timezone.now()
YEARS_8 = NOW + datetime.timedelta(days=8 * 365)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Tombstone files and certificate PDFs of these tests live in a storage of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(processors):
    return populated_member()


# --- Completeness -----------------------------------------------------------------

NAME_TOKENS = {"email", "mail", "name", "address", "addr", "phone", "tel", "mobile", "fax", "ip", "postcode",
               "zipcode", "recipient", "beneficiary", "birthday", "birthdate"}  # fmt: skip
NAME_PARTS = ("email", "phone", "address", "name", "ipaddr")
TEXT_FIELDS = (models.CharField, models.TextField)


def looks_personal(field: models.Field) -> bool:
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    name = field.name.lower()
    return bool(set(name.split("_")) & NAME_TOKENS) or any(part in name for part in NAME_PARTS)


def links_to_user(field: models.Field) -> bool:
    return field.is_relation and field.concrete and field.related_model is get_user_model()


def personal_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and (links_to_user(field) or (not field.is_relation and looks_personal(field)))
    ]


def register_gaps(holdings, excused) -> list[str]:
    """Every installed model that holds personal data but is not covered by ``holdings`` or ``excused``."""
    gaps = []
    for model in apps.get_models():
        if model.__module__.startswith("oscar.test."):
            continue  # Oscar's own test models (Band, Member), loaded by its factories; no tables
        found = personal_fields(model)
        label = model._meta.label
        if not found:
            continue
        if label in excused:
            gaps += [f"{label}.{f.name}: links to a user but is excused" for f in found if links_to_user(f)]
            continue
        entries = [holding for holding in holdings if holding.model_class is model]
        if not entries:
            gaps.append(f"{label}: not in the register ({', '.join(f.name for f in found)})")
            continue
        exported = {path for holding in entries for path in holding.export_paths}
        user_paths = {path for holding in entries for path in holding.user_paths}
        email_paths = {path for holding in entries for path in holding.email_paths}
        for field in found:
            if links_to_user(field) and field.name not in user_paths:
                gaps.append(f"{label}.{field.name}: withdrawal never reaches this link to the member")
            elif isinstance(field, models.EmailField) and field.name not in email_paths:
                gaps.append(f"{label}.{field.name}: an e-mail address no request can reach")
            elif isinstance(field, TEXT_FIELDS) and not links_to_user(field) and field.name not in exported:
                gaps.append(f"{label}.{field.name}: personal-looking field left out of the export")
    return gaps


def test_every_model_holding_personal_data_is_in_the_register():
    gaps = register_gaps(HOLDINGS, NOT_ABOUT_A_PERSON)

    assert not gaps, "Register these in legal/privacy/holdings.py:\n" + "\n".join(gaps)


def test_the_completeness_check_names_a_model_left_out_of_the_register():
    without_orders = [holding for holding in HOLDINGS if holding.model != "order.Order"]

    gaps = register_gaps(without_orders, NOT_ABOUT_A_PERSON)

    assert any(gap.startswith("order.Order:") for gap in gaps)


def test_an_excused_model_may_not_link_to_a_member():
    gaps = register_gaps(HOLDINGS, {**NOT_ABOUT_A_PERSON, "order.Order": "wrongly excused"})

    assert "order.Order.user: links to a user but is excused" in gaps


def test_every_excused_model_exists():
    missing = []
    for label in NOT_ABOUT_A_PERSON:
        try:
            apps.get_model(label)
        except LookupError:
            missing.append(label)
    assert missing == []


def test_the_register_is_consistent():
    assert register_problems() == []
    assert all(holding.section in SECTIONS for holding in HOLDINGS)


def test_stored_ip_addresses_are_kept_only_as_long_as_server_logs():
    limit = settings.PERSONAL_DATA_RETENTION_DAYS["server_logs"]
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (
                isinstance(field, models.GenericIPAddressField)
                or re.search(r"(^|_)ip(_|$)|ipaddr", field.name)
            ):
                continue
            bounded = [
                holding
                for holding in HOLDINGS
                if holding.model_class is model
                and holding.retention_days is not None
                and holding.retention_days <= limit
                and (holding.at_retention_end == AtRetentionEnd.DELETE or field.name in holding.anonymised)
                and holding.retention_applies_to is None
            ]
            assert bounded, f"{model._meta.label}.{field.name} holds IP addresses beyond {limit} days"


def test_the_withdrawal_log_outlives_every_backup():
    days = settings.PERSONAL_DATA_RETENTION_DAYS
    assert days["withdrawal_log"] > days["backups"]


# --- Export -------------------------------------------------------------------------

REQUIRED_SECTIONS = ["profile", "addresses", "orders", "acceptances", "consents", "certificates",
                     "provision_records", "emails", "notifications", "product_alerts", "baskets", "reviews",
                     "wish_lists", "browsing", "payment_cards"]  # fmt: skip


def test_the_export_has_every_section_for_a_fully_populated_member(member):
    export = personal_data_export(user=member.user)

    expected = REQUIRED_SECTIONS + (
        ["privacy_requests"] if any(h.section == "privacy_requests" for h in HOLDINGS) else []
    )
    empty = [
        section
        for section in expected
        if not any(table["rows"] for table in export["sections"].get(section, {}).get("tables", {}).values())
    ]
    assert empty == []
    json.dumps(export)  # JSON as it stands


def test_each_customer_entry_of_the_register_finds_the_member(member):
    export = personal_data_export(user=member.user)

    tables = {
        key: table for section in export["sections"].values() for key, table in section["tables"].items()
    }
    # Entries reached only by e-mail (login records) need an identity-checked request: below.
    customer_entries = [h.key for h in HOLDINGS if h.section != "staff_activity" and h.user_paths]
    assert [key for key in customer_entries if not tables[key]["rows"]] == []


def test_login_records_reach_the_person_only_by_an_identity_checked_email(member):
    by_account = personal_data_export(user=member.user)["sections"]["logins"]["tables"]
    by_email = personal_data_export(email=MEMBER_EMAIL.upper())["sections"]["logins"]["tables"]

    # Account addresses are not verified: whoever registered with an address must not see the IP
    # addresses of the people who tried to log in with it.
    assert {key: table["rows"] for key, table in by_account.items()} == {
        "failed_logins": [],
        "login_history": [],
        "failed_login_history": [],
    }
    assert [row["ip_address"] for row in by_email["failed_logins"]["rows"]] == ["203.0.113.7"]
    assert all(table["rows"] for table in by_email.values())


def test_the_export_holds_the_members_details(member, english):
    sections = personal_data_export(user=member.user)["sections"]

    account = sections["profile"]["tables"]["account"]["rows"]
    assert account[0]["email"] == MEMBER_EMAIL
    orders = sections["orders"]["tables"]["orders"]["rows"]
    assert [row["number"] for row in orders] == [member.order.number]
    assert orders[0]["beneficiary_name"] == BENEFICIARY
    certificates = sections["certificates"]["tables"]["certificates"]["rows"]
    assert [row["number"] for row in certificates] == [member.certificate.number]
    records = sections["provision_records"]["tables"]["provision_records"]["rows"]
    issuance = [row for row in records if row["purpose"] == "Certificate issuance"]
    assert issuance and issuance[0]["processor_name"] == processor_name("certificate")
    assert "Beneficiary name" in issuance[0]["fields"]  # the catalogue's names, not its codes
    acceptances = sections["acceptances"]["tables"]["acceptances"]["rows"]
    assert sorted(row["context"] for row in acceptances) == ["Checkout"] * 3 + ["Registration"] * 3
    consents = sections["consents"]["tables"]["cross_border_consents"]["rows"]
    assert consents[0]["number"] == member.order.number


def processor_name(role: str) -> str:
    from legal.processors.models import Processor

    return Processor.objects.get(role=role).name


def test_the_export_shows_no_one_elses_data(processors):
    first = populated_member()
    second = populated_member(email="taro@example.jp", beneficiary="鈴木 太郎")

    text = json.dumps(personal_data_export(user=first.user), ensure_ascii=False)

    assert "taro@example.jp" not in text
    assert "鈴木 太郎" not in text
    assert second.order.number not in text


def test_an_export_by_email_reaches_guest_orders_but_a_members_export_does_not(processors):
    user = User.objects.create_user(
        username="guest-then-member", email="ken@example.jp", password="x-long-pass-1"
    )
    guest_order = retired_order(guest_email="KEN@example.jp", beneficiary_name="佐藤 健")

    by_account = personal_data_export(user=user)["sections"]["orders"]["tables"]["orders"]["rows"]
    by_email = personal_data_export(email="ken@example.jp")["sections"]["orders"]["tables"]["orders"]["rows"]

    assert by_account == []  # the account's address is not verified: a self-service export stops there
    assert [row["number"] for row in by_email] == [guest_order.number]


def test_a_staff_members_export_lists_their_work_without_the_customers_in_it(processors):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    staff = User.objects.create_user(
        username="ops4", email="ops4@offsetmart.example", password="x", is_staff=True
    )
    order = retired_order(guest_email="customer@example.jp")
    Retirement.objects.filter(allocation__order_line__order=order).update(recorded_by=staff)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Acceptance),
        object_id="1",
        object_repr="terms v1 — customer@example.jp (Checkout)",
        action_flag=CHANGE,
    )

    export = personal_data_export(user=staff)

    work = export["sections"]["staff_activity"]["tables"]
    assert [row["registry_reference"] for row in work["retirements_recorded"]["rows"]] == ["JCR-2026-0001"]
    assert len(work["admin_history"]["rows"]) == 1
    assert "customer@example.jp" not in json.dumps(export)


def test_an_export_needs_someone():
    with pytest.raises(ValueError):
        personal_data_export()


def test_the_pdf_reads_in_japanese(member, japanese):
    pdf = personal_data_export_pdf(personal_data_export(user=member.user))

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert pdf.startswith(b"%PDF")
    assert MEMBER_EMAIL in text
    assert BENEFICIARY in text  # Japanese text, in the embedded Japanese font
    assert member.order.number in text
    assert member.certificate.number in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("IPAexGothic" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def test_the_pdf_reads_in_english(member, english):
    pdf = personal_data_export_pdf(personal_data_export(user=member.user))

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Personal data we hold about you" in text
    assert "Orders" in text
    assert "Data handed to our processors and to registry operators" in text


# --- Withdrawal ------------------------------------------------------------------


def test_withdrawal_deletes_what_the_register_deletes(member):
    user = member.user
    deleted = [
        h for h in HOLDINGS if h.on_withdrawal == OnWithdrawal.DELETE and h.section != "staff_activity"
    ]
    before = {h.key: h.rows_of(user=user).count() for h in deleted}
    assert [key for key, count in before.items() if not count] == []

    member_withdraw(user=user)

    assert not User.objects.filter(pk=user.pk).exists()
    assert {h.key: h.rows_of(user=user).count() for h in deleted} == dict.fromkeys(before, 0)
    assert not ChangeNotice.objects.filter(user_id=user.pk).exists()
    assert not OutboxMessage.objects.filter(subject_user_id=user.pk).exists()
    # Another member's review (the one this member voted on) is theirs, and stays.
    assert (
        get_model("reviews", "ProductReview")
        .objects.filter(user__email=f"reviewer-{user.pk}@example.jp")
        .exists()
    )


def test_withdrawal_keeps_what_the_law_requires_detached_and_still_saying_whose(member):
    user = member.user
    records_before = ProvisionRecord.objects.filter(subject_user=user).count()

    member_withdraw(user=user)

    order = Order.objects.get(pk=member.order.pk)
    assert order.user_id is None
    assert order.guest_email == MEMBER_EMAIL
    assert order.beneficiary_name == BENEFICIARY
    assert order.shipping_address.first_name == "花子"
    assert OrderNote.objects.filter(order=order).exists()
    certificate = Certificate.objects.get(pk=member.certificate.pk)
    assert certificate.status == Certificate.Status.VALID and certificate.pdf
    acceptances = Acceptance.objects.filter(email=MEMBER_EMAIL)
    assert acceptances.count() == 6 and not acceptances.filter(user__isnull=False).exists()
    assert records_before
    assert (
        ProvisionRecord.objects.filter(subject_email=MEMBER_EMAIL, subject_user__isnull=True).count()
        == records_before
    )
    assert get_model("voucher", "VoucherApplication").objects.filter(order=order, user__isnull=True).exists()
    assert CheckoutSubmission.objects.filter(email=MEMBER_EMAIL, user__isnull=True).exists()


def test_withdrawal_of_a_former_staff_member_keeps_the_records_of_their_work(processors):
    colleague = User.objects.create_user(
        username="former", email="former@offsetmart.example", password="x-long-pass-1"
    )
    order = retired_order()
    retirement = Retirement.objects.filter(allocation__order_line__order=order).get()
    Retirement.objects.filter(pk=retirement.pk).update(recorded_by=colleague)
    note = OrderNote.objects.create(order=order, user=colleague, message="確認済み")
    customer = User.objects.create_user(username="customer", email="c@example.jp", password="x-long-pass-1")
    notification = Notification.objects.create(recipient=customer, sender=colleague, subject="s")
    event = CertificateEvent.objects.create(order=order, action="retirement_recorded", staff=colleague)

    counts = member_withdraw(user=colleague)

    assert counts["order_notes_written"] == 1 and counts["retirements_recorded"] == 1
    note.refresh_from_db()
    notification.refresh_from_db()
    event.refresh_from_db()
    assert note.user_id is None and note.message == "確認済み"
    assert notification.sender_id is None
    assert event.staff_id is None
    assert Retirement.objects.get(pk=retirement.pk).recorded_by_id is None


def test_staff_accounts_cannot_withdraw(english):
    staff = User.objects.create_user(
        username="ops2", email="ops2@offsetmart.example", password="x", is_staff=True
    )

    with pytest.raises(WithdrawalRefused, match="closed by an administrator"):
        member_withdraw(user=staff)

    assert User.objects.filter(pk=staff.pk).exists()
    assert not WithdrawalRecord.objects.exists()


def test_withdrawal_leaves_a_tombstone_and_says_goodbye(member, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        member_withdraw(user=member.user)

    record = WithdrawalRecord.objects.get()
    assert MEMBER_EMAIL not in record.subject_hash and len(record.subject_hash) == 64
    assert list(tombstones.tombstone_files()) == [record.subject_hash]
    goodbye = mail.outbox[-1]
    assert goodbye.to == [MEMBER_EMAIL]
    assert "退会" in goodbye.subject or "closed" in goodbye.subject
    assert "7" in goodbye.body
    assert OutboxMessage.objects.get(reference=f"withdrawal:{record.pk}").subject_user_id is None


# --- Retention purge -----------------------------------------------------------


def test_purge_blanks_detached_orders_after_seven_years_and_keeps_members_orders(member, processors):
    guest_order = retired_order(guest_email="guest@example.jp", beneficiary_name="ゲスト")

    report = personal_data_purge(now=YEARS_8)

    guest_order.refresh_from_db()
    assert (guest_order.guest_email, guest_order.beneficiary_name, guest_order.offset_purpose) == ("", "", "")
    kept = Order.objects.get(pk=member.order.pk)
    assert kept.user == member.user and kept.beneficiary_name == BENEFICIARY
    assert report.by_category()["orders_and_tax"] >= 1


def test_purge_after_withdrawal_removes_the_name_from_the_order_and_its_certificate(member):
    member_withdraw(user=member.user, notify=False)
    pdf_name = Certificate.objects.get(pk=member.certificate.pk).pdf.name
    assert default_storage.exists(pdf_name)

    personal_data_purge(now=NOW + datetime.timedelta(days=30))  # within the period: nothing yet
    assert Order.objects.get(pk=member.order.pk).guest_email == MEMBER_EMAIL

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        personal_data_purge(now=YEARS_8)

    order = Order.objects.get(pk=member.order.pk)
    assert (order.guest_email, order.beneficiary_name) == ("", "")
    assert order.shipping_address.first_name == "" and str(order.shipping_address.phone_number or "") == ""
    certificate = Certificate.objects.get(pk=member.certificate.pk)
    assert (certificate.beneficiary_name, certificate.pdf.name) == ("", "")
    assert certificate.status == Certificate.Status.VALID  # the serials stay retired and verifiable
    assert not default_storage.exists(pdf_name)
    assert not OrderNote.objects.filter(order=order).exists()
    assert not Acceptance.objects.filter(email=MEMBER_EMAIL).exists()
    assert Acceptance.objects.filter(order=order).exists()


def test_provision_records_go_after_three_years_and_only_then(member):
    count = ProvisionRecord.objects.count()
    assert count

    personal_data_purge(now=NOW + datetime.timedelta(days=2 * 365))
    assert ProvisionRecord.objects.count() == count

    personal_data_purge(now=NOW + datetime.timedelta(days=3 * 365 + 2))
    assert ProvisionRecord.objects.count() == 0


def test_provision_records_still_refuse_ordinary_deletion(member):
    with pytest.raises(ProvisionRecordLocked):
        ProvisionRecord.objects.all().delete()
    assert ProvisionRecord.objects.expired_delete(now=NOW) == 0
    assert ProvisionRecord.objects.exists()


def test_purge_removes_old_email_logs_searches_and_expired_checkout_details(member):
    personal_data_purge(now=NOW + datetime.timedelta(days=400))

    assert not OutboxMessage.objects.exists()
    assert not get_model("communication", "Email").objects.exists()
    assert not get_model("analytics", "UserSearch").objects.exists()
    submission = CheckoutSubmission.objects.get()
    assert (submission.email, submission.beneficiary_name) == ("", "")
    assert User.objects.filter(pk=member.user.pk).exists()  # the account itself stays while a member


def test_purge_is_safe_to_run_again(member):
    member_withdraw(user=member.user, notify=False)
    first = personal_data_purge(now=YEARS_8)

    second = personal_data_purge(now=YEARS_8)

    assert first.total > 0
    assert second.total == 0


def test_a_dry_run_counts_and_changes_nothing(member):
    member_withdraw(user=member.user, notify=False)
    before = ProvisionRecord.objects.count()

    report = personal_data_purge(now=YEARS_8, dry_run=True)

    assert report.by_category()["orders_and_tax"] > 0
    assert report.by_category()["provision_records"] == before
    assert ProvisionRecord.objects.count() == before
    assert Order.objects.get(pk=member.order.pk).guest_email == MEMBER_EMAIL


# --- Backups: withdrawals re-applied after a restore ---------------------------------


def restore_account(user_id, date_joined, email):
    """What restoring yesterday's backup does to an account withdrawn today."""
    return User.objects.create(
        pk=user_id, date_joined=date_joined, username=f"restored{user_id}", email=email
    )


def test_a_restored_backup_has_its_withdrawals_applied_again(member):
    user_id, joined = member.user.pk, member.user.date_joined
    member_withdraw(user=member.user, notify=False)
    restore_account(user_id, joined, MEMBER_EMAIL)

    report = personal_data_purge()

    assert not User.objects.filter(pk=user_id).exists()
    assert report.by_category()["withdrawal_log"] >= 1


def test_the_tombstone_file_survives_a_restore_that_lost_the_tombstone_row(
    member, django_capture_on_commit_callbacks
):
    user_id, joined = member.user.pk, member.user.date_joined
    with django_capture_on_commit_callbacks(execute=True):
        member_withdraw(user=member.user, notify=False)
    WithdrawalRecord.objects.all().delete()  # the backup predates the withdrawal
    restore_account(user_id, joined, MEMBER_EMAIL)

    personal_data_purge()

    assert not User.objects.filter(pk=user_id).exists()
    assert WithdrawalRecord.objects.count() == 1  # put back from the file


def test_a_new_account_that_reuses_a_withdrawn_id_is_left_alone(member):
    user_id = member.user.pk
    member_withdraw(user=member.user, notify=False)
    newcomer = User.objects.create(pk=user_id, username="newcomer", email="new@example.jp")

    personal_data_purge()

    assert User.objects.filter(pk=newcomer.pk).exists()


def test_tombstones_go_once_no_backup_can_hold_the_account(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_withdraw(user=member.user, notify=False)

    personal_data_purge(now=NOW + datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS["backups"]))
    assert WithdrawalRecord.objects.exists()

    personal_data_purge(
        now=NOW + datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS["withdrawal_log"] + 1)
    )
    assert not WithdrawalRecord.objects.exists()
    assert tombstones.tombstone_files() == {}


# --- Server logs ---------------------------------------------------------------------


def test_log_files_are_one_per_day_and_old_ones_go(tmp_path):
    handler = DatedFileHandler(directory=str(tmp_path), prefix="shop", keep_days=90)
    handler.setFormatter(logging.Formatter("%(message)s"))
    old = tmp_path / "shop-2020-01-01.log"
    old.write_text("203.0.113.7 refused webhook\n")
    recent = tmp_path / f"shop-{(datetime.date.today() - datetime.timedelta(days=10)).isoformat()}.log"
    recent.write_text("kept\n")

    handler.emit(logging.LogRecord("shop", logging.WARNING, __file__, 1, "today's line", None, None))
    handler.close()

    today = tmp_path / f"shop-{datetime.date.today().isoformat()}.log"
    assert today.read_text() == "today's line\n"
    assert not old.exists()
    assert recent.exists()


def test_purge_deletes_log_files_past_the_server_log_period(tmp_path, settings):
    settings.LOG_DIR = str(tmp_path)
    dated_old = tmp_path / "access-2020-01-01.log"
    undated_old = tmp_path / "access.log.3"
    fresh = tmp_path / "access.log"
    for path in (dated_old, undated_old, fresh):
        path.write_text("198.51.100.4 GET /\n")
    a_year_ago = (timezone.now() - datetime.timedelta(days=365)).timestamp()
    os.utime(undated_old, (a_year_ago, a_year_ago))

    report = personal_data_purge()

    assert not dated_old.exists() and not undated_old.exists()
    assert fresh.exists()
    assert report.by_category()["server_logs"] == 2


# --- Command and schedule ----------------------------------------------------------


def test_the_command_reports_each_category(member):
    member_withdraw(user=member.user, notify=False)
    output = StringIO()

    call_command("personal_data_purge", stdout=output)

    text = output.getvalue()
    assert "withdrawal_log: withdrawals" in text
    assert "orders_and_tax: orders (order.Order) anonymised: 0" in text
    assert re.search(r"provision_records\s+0", text)
    assert "record(s) changed." in text


def test_the_command_dry_run_says_so_and_changes_nothing(member):
    member_withdraw(user=member.user, notify=False)
    output = StringIO()

    call_command("personal_data_purge", "--dry-run", stdout=output)

    assert "Dry run: nothing will be changed." in output.getvalue()
    assert "would change" in output.getvalue()
    assert WithdrawalRecord.objects.count() == 1


def test_the_purge_runs_daily_in_celery_beat(member):
    from legal.privacy.tasks import personal_data_purge as task

    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-purge"]
    assert entry["task"] == "legal.tasks.personal_data_purge"
    assert entry["schedule"] <= 24 * 60 * 60

    result = task.delay().get()

    assert result["dry_run"] is False
    assert "withdrawal_log" in result["by_category"]


# --- The member's page: /accounts/privacy/my-data/ ------------------------------------

MY_DATA = "/en/accounts/privacy/my-data/"


def test_my_data_page_shows_the_members_data(client, member):
    client.force_login(member.user)

    response = client.get(MY_DATA)

    page = response.content.decode()
    assert response.status_code == 200
    assert MEMBER_EMAIL in page and BENEFICIARY in page
    assert member.order.number in page and member.certificate.number in page
    assert 'id="my-data-provision_records"' in page
    assert "no-store" in response["Cache-Control"]


def test_my_data_page_is_linked_from_the_account_navigation(client, member):
    client.force_login(member.user)

    page = client.get("/en/accounts/profile/").content.decode()

    assert f'href="{MY_DATA}"' in page


def test_my_data_downloads_as_json(client, member):
    client.force_login(member.user)

    response = client.get(MY_DATA, {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    export = json.loads(response.content)
    assert export["subject"]["email"] == MEMBER_EMAIL
    assert export["sections"]["orders"]["tables"]["orders"]["rows"][0]["number"] == member.order.number


def test_my_data_downloads_as_a_pdf(client, member):
    client.force_login(member.user)

    response = client.get(MY_DATA, {"format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert MEMBER_EMAIL in text and member.certificate.number in text
    assert "Personal data we hold about you" in text  # /en/: English


def test_an_unknown_format_is_a_clear_400(client, member):
    client.force_login(member.user)

    response = client.get(MY_DATA, {"format": "xml"})

    assert response.status_code == 400
    assert "json or pdf" in response.content.decode()


def test_another_member_sees_only_their_own_data(client, member):
    other = User.objects.create_user(username="other", email="other@example.jp", password="x-long-pass-1")
    client.force_login(other)

    page = client.get(MY_DATA).content.decode()
    export = json.loads(client.get(MY_DATA, {"format": "json"}).content)

    assert "other@example.jp" in page
    assert MEMBER_EMAIL not in page and member.order.number not in page
    assert MEMBER_EMAIL not in json.dumps(export)


@pytest.mark.parametrize("query", ["", "?format=json", "?format=pdf"])
def test_anonymous_visitors_are_sent_to_log_in(client, query):
    response = client.get(MY_DATA + query)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_my_data_page_in_japanese(client, member):
    client.force_login(member.user)

    response = client.get("/accounts/privacy/my-data/")

    assert response.status_code == 200
    assert BENEFICIARY in response.content.decode()


# --- Login records (django-axes) -------------------------------------------------------------


@pytest.mark.parametrize("model", [AccessAttempt, AccessLog, AccessFailureLog])
def test_login_records_go_after_the_server_log_period_and_not_before(model):
    days = settings.PERSONAL_DATA_RETENTION_DAYS["server_logs"]
    login = {"username": MEMBER_EMAIL, "user_agent": "Firefox", "path_info": "/accounts/login/"}
    if model is AccessAttempt:
        login["failures_since_start"] = 1
    old = model.objects.create(ip_address="198.51.100.4", **login)
    recent = model.objects.create(ip_address="203.0.113.7", **login)
    model.objects.filter(pk=old.pk).update(attempt_time=NOW - datetime.timedelta(days=days + 1))
    model.objects.filter(pk=recent.pk).update(attempt_time=NOW - datetime.timedelta(days=days - 1))

    report = personal_data_purge(now=NOW)

    assert list(model.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    assert {(line.model, line.count) for line in report.lines if line.model == model._meta.label} == {
        (model._meta.label, 1)
    }
