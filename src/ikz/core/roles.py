"""Roles. The public reads public pages without an account; a coordinator (group
"Koordination") maintains all data of the cooperation and issues reports; an
administrator (superuser) also manages accounts."""

from django.contrib.auth.models import Group, Permission

COORDINATORS = "Koordination"
COORDINATED_APPS = ["core", "meetings", "measures", "agreements", "reports"]


def ensure_coordinator_group(**kwargs) -> Group:
    """Keep the group's permissions complete after every migration, so that a new
    model is maintainable by coordinators without anyone editing the group."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=COORDINATED_APPS))
    return group
