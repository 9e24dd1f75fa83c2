"""Writes of legal documents: drafting, publishing, accepting, notifying."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NOTIFIED_KINDS, Acceptance, ChangeNotice, DocumentKind, DocumentVersion, LegalDocument
from .tasks import change_notices_send


def version_draft_from(*, version: DocumentVersion, user: AbstractBaseUser | None) -> DocumentVersion:
    """Start a new draft from ``version``'s texts; the published one stays as it is."""
    return DocumentVersion.objects.create(
        document=version.document,
        title=version.title,
        title_en=version.title_en,
        body=version.body,
        body_en=version.body_en,
        effective_on=version.effective_on,
        created_by=user,
    )


@transaction.atomic
def version_publish(
    *, version: DocumentVersion, user: AbstractBaseUser | None, is_material: bool | None = None
) -> DocumentVersion:
    """Publish a draft: give it the next number and make it public (upcoming or in force).

    Members are then notified of a new version of any document forming part of
    the terms by e-mail (after commit, in the background) and by a notice on the site.
    """
    document = LegalDocument.objects.select_for_update().get(pk=version.document_id)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("%(version)s is already published.") % {"version": version})
    if is_material is not None:
        version.is_material = is_material
    last_number = document.versions.aggregate(last=Max("number"))["last"] or 0
    version.number = last_number + 1
    version.status = DocumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    if document.kind in NOTIFIED_KINDS and version.number > 1:
        transaction.on_commit(lambda: change_notices_send.delay(version.pk))
    return version


def document_text_read(*, texts: Path | Sequence[Path], kind: str, language: str) -> tuple[str, str]:
    """Return (title, Markdown body) of ``<kind>.<language>.md``; the title is its first heading.

    ``texts`` is a folder, or folders to look in, the first holding the file wins.
    """
    folders = [texts] if isinstance(texts, Path) else list(texts)
    candidates = [folder / f"{kind}.{language}.md" for folder in folders]
    path = next((candidate for candidate in candidates if candidate.exists()), candidates[0])
    if not path.exists():
        raise ValidationError(f"Missing legal text {path}")
    body = path.read_text(encoding="utf-8").strip() + "\n"
    first_line = body.splitlines()[0]
    if not first_line.startswith("# "):
        raise ValidationError(f"{path} must start with a '# Title' line")
    return first_line[2:].strip(), body


@transaction.atomic
def first_versions_publish(
    *, texts: Path | Sequence[Path], effective_on: datetime.date, user: AbstractBaseUser | None
) -> dict[str, DocumentVersion]:
    """Publish version 1 of every document kind that has no version yet, from the texts in ``texts``.

    A document with any version (even a draft) is left alone: its texts are the legal
    editors' from then on. ``texts`` may list folders, newest first (see
    ``document_text_read``). Returns the versions published now, by kind.
    """
    published = {}
    for kind in DocumentKind.values:
        document, _created = LegalDocument.objects.get_or_create(kind=kind)
        if document.versions.exists():
            continue
        title, body = document_text_read(texts=texts, kind=kind, language="ja")
        title_en, body_en = document_text_read(texts=texts, kind=kind, language="en")
        draft = DocumentVersion.objects.create(
            document=document,
            title=title,
            title_en=title_en,
            body=body,
            body_en=body_en,
            change_summary="初版",
            change_summary_en="First version.",
            effective_on=effective_on,
            created_by=user,
        )
        published[kind] = version_publish(version=draft, user=user, is_material=True)
    return published


@transaction.atomic
def revision_publish(
    *,
    texts: Path,
    number: int,
    effective_on: datetime.date,
    change_summaries: Mapping[str, tuple[str, str]],
    is_material: bool,
    user: AbstractBaseUser | None,
    previous_texts: Path | None = None,
) -> dict[str, DocumentVersion]:
    """Publish the texts in ``texts`` as version ``number`` of each document they hold.

    ``change_summaries`` gives, by kind, the (Japanese, English) summary of what changed in that
    document. Only a document whose newest version is ``number - 1`` gets it: running again
    publishes nothing, and a document whose editors published their own version
    ``number`` (or have none yet) is left to them. With ``previous_texts`` (the folder version
    ``number - 1`` was shipped from), a document whose version ``number - 1`` is the editors' own
    text is left to them too. Returns the versions published now, by kind.
    """
    unsummarised = [
        kind
        for kind in DocumentKind.values
        if (texts / f"{kind}.ja.md").exists() and kind not in change_summaries
    ]
    if unsummarised:
        raise ValueError(f"No change summary for {', '.join(unsummarised)} in {texts}.")
    published = {}
    for kind in DocumentKind.values:
        if not (texts / f"{kind}.ja.md").exists():
            continue
        # The document's row lock makes a second run wait here, then see the version and skip.
        document = LegalDocument.objects.select_for_update().filter(kind=kind).first()
        if document is None:
            continue
        newest = document.versions.published().aggregate(newest=Max("number"))["newest"]
        if newest != number - 1:
            continue
        if previous_texts is not None and not _is_shipped_text(document, newest, previous_texts):
            continue
        change_summary, change_summary_en = change_summaries[kind]
        title, body = document_text_read(texts=texts, kind=kind, language="ja")
        title_en, body_en = document_text_read(texts=texts, kind=kind, language="en")
        draft = DocumentVersion.objects.create(
            document=document,
            title=title,
            title_en=title_en,
            body=body,
            body_en=body_en,
            change_summary=change_summary,
            change_summary_en=change_summary_en,
            effective_on=effective_on,
            created_by=user,
        )
        published[kind] = version_publish(version=draft, user=user, is_material=is_material)
    return published


def _is_shipped_text(document: LegalDocument, number: int, texts: Path) -> bool:
    """Whether version ``number`` of ``document`` is the Japanese text shipped in ``texts``."""
    if not (texts / f"{document.kind}.ja.md").exists():
        return False
    _title, body = document_text_read(texts=texts, kind=document.kind, language="ja")
    return document.versions.filter(number=number, body=body).exists()


@transaction.atomic
def acceptances_record(
    *,
    versions: Iterable[DocumentVersion],
    context: str,
    user: AbstractBaseUser | None = None,
    email: str = "",
    order=None,
) -> list[Acceptance]:
    """Record that a person accepted exactly these published versions, now."""
    versions = list(versions)
    if not versions:
        raise ValidationError(_("There is nothing to accept."))
    if any(not version.is_published for version in versions):
        raise ValidationError(_("Only published versions can be accepted."))
    if user is not None and not user.is_authenticated:
        user = None
    email = email or (user.email if user else "")
    acceptances = [
        Acceptance(version=version, user=user, email=email, context=context, order=order)
        for version in versions
    ]
    Acceptance.objects.bulk_create(acceptances)
    if user is not None:
        # Accepting a version is also having seen its change notice.
        ChangeNotice.objects.filter(user=user, version__in=versions, seen_at__isnull=True).update(
            seen_at=timezone.now()
        )
    return acceptances


def order_acceptances_record(
    *, order, versions: Iterable[DocumentVersion], user: AbstractBaseUser | None, email: str
) -> list[Acceptance]:
    """For the checkout: the versions accepted on the final confirmation page, kept with the order."""
    return acceptances_record(
        versions=versions, context=Acceptance.Context.CHECKOUT, user=user, email=email, order=order
    )


def notice_mark_seen(*, notice: ChangeNotice) -> None:
    ChangeNotice.objects.filter(pk=notice.pk, seen_at__isnull=True).update(seen_at=timezone.now())
