"""Themes move here from cms, so that the apps above courses can use them without importing the
CMS. The table and its rows are kept: cms/migrations/0009 renamed it to courses_theme, this
migration only declares the model, and cms/migrations/0010 lets go of it.

The content type moves with it, so that every permission on themes (the moderators' group),
Wagtail's history of theme edits and its reference index keep pointing at the same rows."""

from django.db import migrations, models


def content_type_to_courses(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label="cms", model="theme").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label="courses", model="theme").first()
    if new is None:
        ContentType.objects.filter(pk=old.pk).update(app_label="courses")
        return
    # Both exist only when the database went back below this migration and forward again:
    # post_migrate, run with this code, created the courses one meanwhile. Whoever could edit
    # themes still can.
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is None:
            Permission.objects.filter(pk=permission.pk).update(content_type=new)
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)


def content_type_to_cms(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="cms", model="theme").exists():
        ContentType.objects.filter(app_label="courses", model="theme").update(app_label="cms")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_theme_table_to_courses"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0004_import_recovery"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="nom")),
                        (
                            "slug",
                            models.SlugField(max_length=100, unique=True, verbose_name="identifiant dans l'adresse"),
                        ),
                        ("description", models.TextField(blank=True, max_length=400, verbose_name="description")),
                    ],
                    options={"verbose_name": "thème", "verbose_name_plural": "thèmes", "ordering": ["name"]},
                )
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_courses, content_type_to_cms),
    ]
