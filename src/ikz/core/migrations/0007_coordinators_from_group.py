"""The global group "Koordination" gives way to roles per cooperation: each of its
members becomes coordinator of every cooperation there is (which the group let them
maintain), and the group is deleted."""

from django.db import migrations

GROUP = "Koordination"


def group_to_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Cooperation = apps.get_model("core", "Cooperation")
    Role = apps.get_model("core", "Role")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    for user in group.user_set.all():
        for cooperation in Cooperation.objects.all():
            Role.objects.get_or_create(user=user, cooperation=cooperation, kind="coordinator")
    group.delete()


def roles_to_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Role = apps.get_model("core", "Role")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for role in Role.objects.filter(kind="coordinator").select_related("user"):
        group.user_set.add(role.user)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_roles_per_cooperation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(group_to_roles, roles_to_group)]
