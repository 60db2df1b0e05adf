from django.db import migrations

AUDIENCE_CODES = ["teacher", "parent", "elected", "agent"]


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("accounts", "Audience")
    for code in AUDIENCE_CODES:
        Audience.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_audiences, migrations.RunPython.noop)]
