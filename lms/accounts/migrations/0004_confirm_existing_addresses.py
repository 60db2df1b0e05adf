from django.db import migrations
from django.db.models import F


def confirm_existing(apps, schema_editor):
    """Accounts created before e-mail confirmation existed keep signing in: their address counts as
    confirmed from the day they joined."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(email__isnull=False, email_confirmed_at__isnull=True).update(
        email_confirmed_at=F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_magic_links_and_deletion_requests")]

    operations = [migrations.RunPython(confirm_existing, migrations.RunPython.noop)]
