"""Trainers keep their own documents and images only, and Wagtail's default groups go.

- Formateurs lose "change" on documents and images. Under Wagtail's collection ownership policy
  "change" also means delete, on every file of the collection: any trainer could replace or
  delete anyone's file. With "add" and "choose", they edit and delete what they uploaded, and
  choose any file for their pages. Modérateurs keep "change" and "delete".
- Wagtail's own migrations create "Editors" and "Moderators", with add, edit and (Moderators)
  publish rights on the root page and on every file. Passerelle uses Formateurs and Modérateurs
  (cms/migrations/0004); the leftovers would give whoever is put in them rights over the whole
  tree, past the review workflow. Deleting a group deletes its page and collection permissions
  and its members' membership of it; the review task Wagtail created for "Moderators" is left
  with no group, so only superusers can approve pages outside the catalogue, as before.
"""

from django.db import migrations

TRAINERS = "Formateurs"
LEFTOVER_GROUPS = ["Editors", "Moderators"]
MEDIA = [("wagtaildocs", "document"), ("wagtailimages", "image")]


def restrict_trainers_and_remove_leftovers(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    for app_label, model in MEDIA:
        GroupCollectionPermission.objects.filter(
            group__name=TRAINERS,
            permission__content_type__app_label=app_label,
            permission__codename__in=[f"change_{model}", f"delete_{model}"],
        ).delete()
    Group.objects.filter(name__in=LEFTOVER_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_course_max_quiz_attempts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    # Not reversible into the old rights on purpose: going back restores no security hole.
    operations = [migrations.RunPython(restrict_trainers_and_remove_leftovers, migrations.RunPython.noop)]
