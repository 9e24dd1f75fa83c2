"""Writes of privacy requests: receive, check identity, fulfil, decide, notify, purge.

The life of a request:

1. ``privacy_request_submit``: a member or anyone through the public form
   asks, with identity documents; the request is due PRIVACY_REQUEST_DUE_DAYS
   after receipt and the person gets an acknowledgement with the reference.
2. Staff check each document (``identity_document_verify`` /
   ``identity_document_reject``; a rejection tells the person, who may send
   another, ``identity_document_add``). Once every required document is
   verified the request is in progress.
3. Fulfilment per kind: ``disclosure_prepare`` (and ``disclosure_mark_posted``
   for paper), ``correction_apply``, ``restriction_record``; notification of
   purposes needs nothing more.
4. ``privacy_request_complete`` or ``privacy_request_refuse`` (in whole or in
   part, with a reason from the fixed list and an explanation).

Every step appends to the request's timeline; the person is e-mailed on
receipt and on every outcome, only through the outbox with the purpose
PERSONAL_DATA_NOTICE. ``identity_documents_purge`` deletes the private files
a set period after the request closes.

Callers import from here (``from legal.privacy.requests import services``).
Each section lives in its own module:

- ``receiving``: 1. a request arrives with its documents and is acknowledged;
  another document later; the due date.
- ``identity``: 2. staff verify or reject each identity document.
- ``handling``: staff assign a request and add notes to its timeline.
- ``fulfilment``: 3. disclosure (prepared, posted, downloaded), correction,
  restriction of use or provision.
- ``decisions``: 4. complete, refuse in whole or in part, withdraw.
- ``notifications``: the e-mail to the person on receipt and every outcome.
- ``housekeeping``: deleting identity documents, disclosed data and orphaned
  private files.
- ``_common``: what the sections share (timeline entries, locking, the checks
  that a request is open and the identity confirmed).

Imports between them go one way: ``decisions`` uses ``fulfilment``;
``receiving``, ``identity`` and ``decisions`` use ``notifications``; any
section may use ``_common``, which imports no section.
"""

from .decisions import privacy_request_complete, privacy_request_refuse, privacy_request_withdraw
from .fulfilment import (
    correction_apply,
    disclosure_downloaded,
    disclosure_mark_posted,
    disclosure_prepare,
    restriction_record,
)
from .handling import privacy_request_assign, privacy_request_note
from .housekeeping import identity_documents_purge, privacy_requests_housekeeping, private_orphans_delete
from .identity import identity_document_reject, identity_document_verify
from .receiving import due_date_for, identity_document_add, privacy_request_submit

__all__ = [
    "correction_apply",
    "disclosure_downloaded",
    "disclosure_mark_posted",
    "disclosure_prepare",
    "due_date_for",
    "identity_document_add",
    "identity_document_reject",
    "identity_document_verify",
    "identity_documents_purge",
    "privacy_request_assign",
    "privacy_request_complete",
    "privacy_request_note",
    "privacy_request_refuse",
    "privacy_request_submit",
    "privacy_request_withdraw",
    "privacy_requests_housekeeping",
    "private_orphans_delete",
    "restriction_record",
]
