"""Wagtail's own moderation and comment e-mails off for everyone who has a Wagtail profile.

Wagtail sends them inside the request, over SMTP, when a profile's switches are on (its
default). Passerelle sends its own moderation e-mails through the outbox (cms.moderation);
new profiles start with the switches off as well (cms.moderation.profile_switches_off).
"""

from django.db import migrations

SWITCHES = {
    "submitted_notifications": False,
    "approved_notifications": False,
    "rejected_notifications": False,
    "updated_comments_notifications": False,
}


def switches_off(apps, schema_editor):
    apps.get_model("wagtailusers.UserProfile").objects.update(**SWITCHES)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_media_ownership_and_leftover_groups"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    # Going back leaves the switches as they are: nobody's choice can be restored.
    operations = [migrations.RunPython(switches_off, migrations.RunPython.noop)]
