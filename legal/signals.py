"""Keep the "Legal editors" group in place after every migrate."""

from django.contrib.auth.models import Group, Permission

LEGAL_EDITORS_GROUP = "Legal editors"
LEGAL_EDITOR_PERMISSIONS = [
    "add_documentversion",
    "change_documentversion",
    "view_documentversion",
    "publish_documentversion",
    "view_legaldocument",
    "view_acceptance",
    "view_changenotice",
]


def ensure_legal_editors_group(sender, **kwargs) -> None:
    group, _created = Group.objects.get_or_create(name=LEGAL_EDITORS_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="legal", codename__in=LEGAL_EDITOR_PERMISSIONS
    )
    group.permissions.add(*permissions)
