"""The Agences group (questionnaires in the Wagtail admin) and the two default questionnaires."""

from django.db import migrations
from django.utils import timezone

AGENCIES = "Agences"


def permission(apps, app_label: str, model: str, codename: str, name: str):
    """The permission, created if post_migrate has not run yet (fresh database)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def forward(apps, schema_editor):
    from surveys.defaults import DEFAULT_QUESTIONNAIRES

    Group = apps.get_model("auth.Group")
    Questionnaire = apps.get_model("surveys.Questionnaire")
    group, _created = Group.objects.get_or_create(name=AGENCIES)
    group.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        *[
            permission(apps, "surveys", "questionnaire", f"{action}_questionnaire", f"Can {action} questionnaire")
            for action in ("add", "change", "view")
        ],
    )
    for default in DEFAULT_QUESTIONNAIRES:
        if not Questionnaire.objects.filter(family=default["family"]).exists():
            Questionnaire.objects.create(version=1, created_at=timezone.now(), **default)


def backward(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=AGENCIES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_questionnaires_campaigns_responses"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
