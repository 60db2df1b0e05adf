"""Courses published before themes were copied onto courses.Course get them now, from their
page, as the next publication would: otherwise the catalogue's theme filter (which reads the
copy) would lose them until each course is published again. Aliases share their original's
course and are skipped."""

from django.db import migrations


def copy_themes(apps, schema_editor):
    CoursePage = apps.get_model("cms", "CoursePage")
    Course = apps.get_model("courses", "Course")
    pages = CoursePage.objects.filter(course__isnull=False, alias_of__isnull=True).prefetch_related("themes")
    for page in pages:
        Course.objects.get(pk=page.course_id).themes.set(page.themes.all())


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_theme_moved_to_courses"),
        ("courses", "0006_competences_course_themes"),
    ]

    operations = [migrations.RunPython(copy_themes, migrations.RunPython.noop)]
