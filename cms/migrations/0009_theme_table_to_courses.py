"""Themes move to courses (courses/migrations/0005), keeping their rows and ids: first the table
is renamed to the name courses will give it. The course pages' links (cms_coursepage_themes)
follow the renamed table on SQLite (3.26+) and PostgreSQL alike."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_moderation_mail_switches_off")]

    operations = [migrations.AlterModelTable(name="theme", table="courses_theme")]
