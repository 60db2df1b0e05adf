"""The two default learner questionnaires (satisfaction, self-assessment), and the trainers' and
moderators' right to choose them per course and to build their own in the admin."""

from django.db import migrations
from django.utils import timezone

GROUPS = ("Formateurs", "Modérateurs")


def permission(apps, model: str, codename: str, name: str):
    """The permission, created if post_migrate has not run yet (fresh database)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="surveys", model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def forward(apps, schema_editor):
    from surveys.defaults import COURSE_QUESTIONNAIRES

    Group = apps.get_model("auth.Group")
    Questionnaire = apps.get_model("surveys.Questionnaire")
    permissions = [
        permission(apps, model, f"{action}_{model}", f"Can {action} {model}")
        for model in ("coursesurvey", "questionnaire")
        for action in ("add", "change", "view")
    ]
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
    for default in COURSE_QUESTIONNAIRES:
        if not Questionnaire.objects.filter(family=default["family"]).exists():
            Questionnaire.objects.create(version=1, created_at=timezone.now(), **default)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_course_surveys_anonymous_answers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
