"""The staff groups and their permissions, kept in place after every migrate."""

from django.contrib.auth.models import Group, Permission

LEGAL_EDITORS_GROUP = "Legal editors"
PROCESSOR_ADMINISTRATORS_GROUP = "Processor administrators"
OPERATIONS_STAFF_GROUP = "Operations staff"
INCIDENT_MANAGERS_GROUP = "Incident managers"
AUDITORS_GROUP = "Auditors"
PRIVACY_OFFICERS_GROUP = "Privacy officers"

GROUP_PERMISSIONS = {
    LEGAL_EDITORS_GROUP: [
        "add_documentversion",
        "change_documentversion",
        "view_documentversion",
        "publish_documentversion",
        "view_legaldocument",
        "view_acceptance",
        "view_changenotice",
    ],
    PROCESSOR_ADMINISTRATORS_GROUP: [
        "add_processor",
        "change_processor",
        "view_processor",
        "view_processorchange",
        "view_provisionrecord",
        "view_outboxmessage",
        "change_outboxmessage",
        # Third parties (registry operators) and what people are told about their countries.
        "add_thirdparty",
        "change_thirdparty",
        "view_thirdparty",
        "view_thirdpartychange",
        "add_countrydataprotection",
        "change_countrydataprotection",
        "view_countrydataprotection",
        "offsets.add_registryoperator",
        "offsets.change_registryoperator",
        "offsets.view_registryoperator",
    ],
    # Operations staff see the registry and the records, and change neither.
    OPERATIONS_STAFF_GROUP: [
        "view_processor",
        "view_processorchange",
        "view_thirdparty",
        "view_provisionrecord",
        "view_outboxmessage",
        # …and run retirements and certificates in the dashboard.
        "offsets.view_certificate",
        "offsets.add_retirement",
        "offsets.add_certificate",
        "offsets.change_certificate",
        "offsets.view_certificateevent",
        "offsets.view_certificatebulkrun",
        # …and substitute credits of the same kind for tonnes a batch could not deliver.
        "offsets.view_substitution",
        "offsets.add_substitution",
        "offsets.change_substitution",
        # …and see the ledger's daily reconciliation (its discrepancies are theirs to resolve).
        "offsets.view_reconciliationrun",
        "offsets.view_reconciliationfinding",
    ],
    # Incident managers keep the breach register, report to the Commission and notify people.
    INCIDENT_MANAGERS_GROUP: [
        "add_incident",
        "change_incident",
        "view_incident",
        "send_incidentnotice",
        "view_incidentupdate",
        "view_incidentnotice",
    ],
    # Internal auditors read who saw whose data and what left the shop; they change nothing.
    AUDITORS_GROUP: [
        "view_staffaccess",
        "view_provisionrecord",
        "offsets.view_reconciliationrun",
        "offsets.view_reconciliationfinding",
    ],
    # Privacy officers handle requests about personal data: identity documents,
    # disclosures, corrections (which may reissue certificates), restrictions.
    PRIVACY_OFFICERS_GROUP: [
        "view_privacyrequest",
        "change_privacyrequest",
        "decide_privacyrequest",
        "view_privacy_files",
        "view_identitydocument",
        "change_identitydocument",
        "view_privacyrequestevent",
        "view_userestriction",
        "view_provisionrecord",
        "view_outboxmessage",
    ],
}


def ensure_staff_groups(sender, **kwargs) -> None:
    """Permissions are "codename" (this app's) or "app_label.codename"."""
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for permission in permissions:
            app_label, _dot, codename = permission.rpartition(".")
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label or "legal", codename=codename)
            )
