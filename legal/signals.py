"""Keep the staff groups and their permissions in place after every migrate."""

from django.contrib.auth.models import Group, Permission

LEGAL_EDITORS_GROUP = "Legal editors"
PROCESSOR_ADMINISTRATORS_GROUP = "Processor administrators"
OPERATIONS_STAFF_GROUP = "Operations staff"

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
    ],
    # Operations staff see the registry and the records, and change neither.
    OPERATIONS_STAFF_GROUP: [
        "view_processor",
        "view_processorchange",
        "view_provisionrecord",
        "view_outboxmessage",
    ],
}


def ensure_staff_groups(sender, **kwargs) -> None:
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="legal", codename__in=codenames)
        )
