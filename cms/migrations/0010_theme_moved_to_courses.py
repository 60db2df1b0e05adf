"""Course pages point at courses.Theme, and cms forgets its own Theme: the state only, since the
table (renamed by 0009) and the links table (cms_coursepage_themes, whose theme_id column keeps
its name) are already what courses.Theme needs."""

from django.db import migrations

import modelcluster.fields


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_theme_table_to_courses"),
        ("courses", "0005_theme_from_cms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="coursepage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="course_pages", to="courses.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        )
    ]
