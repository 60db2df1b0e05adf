"""The catalogue page at /formations/, the editorial groups, and their review workflow.

- Formateurs: create and edit courses and modules, upload images and documents, submit for
  moderation. No publish, no users, no settings.
- Modérateurs: the same, plus publish, lock, delete pages with their children, and the
  catalogue's themes; they approve the
  "Relecture des formations" workflow, which covers every page under /formations/.
"""

from django.db import migrations
from django.utils import timezone

INDEX_TITLE = "Formations"
INDEX_INTRO = (
    "Des formations courtes et gratuites pour utiliser le numérique autour de l'école : "
    "choisissez votre public, puis suivez les modules à votre rythme."
)
TRAINERS = "Formateurs"
MODERATORS = "Modérateurs"
WORKFLOW = "Relecture des formations"
TASK = "Validation par l'équipe de modération"
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def next_child_path(parent, Page) -> str:
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    if last is None:
        return parent.path + "0001"
    number = 0
    for char in last.path[-STEPLEN:]:
        number = number * len(PATH_ALPHABET) + PATH_ALPHABET.index(char)
    number += 1
    step = ""
    for _ in range(STEPLEN):
        number, digit = divmod(number, len(PATH_ALPHABET))
        step = PATH_ALPHABET[digit] + step
    return parent.path + step


def permission(apps, app_label: str, model: str, codename: str, name: str):
    """The permission, created if post_migrate has not run yet (fresh database)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_catalogue_and_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    CourseIndexPage = apps.get_model("cms.CourseIndexPage")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    home = HomePage.objects.first()
    if home is None:
        return
    index = CourseIndexPage.objects.first()
    if index is None:
        now = timezone.now()
        index = CourseIndexPage.objects.create(
            title=INDEX_TITLE,
            draft_title=INDEX_TITLE,
            slug="formations",
            content_type=ContentType.objects.get_or_create(app_label="cms", model="courseindexpage")[0],
            path=next_child_path(home, Page),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}formations/",
            locale_id=home.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
            intro=INDEX_INTRO,
        )
        Page.objects.filter(pk=home.pk).update(
            numchild=Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).count()
        )

    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    page_permissions = {
        codename: permission(apps, "wagtailcore", "page", f"{codename}_page", f"Can {codename} page")
        for codename in ("add", "change", "publish", "lock", "unlock", "bulk_delete")
    }
    media = {
        (app, model, action): permission(apps, app, model, f"{action}_{model}", f"Can {action} {model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose", "delete")
    }
    themes = [
        permission(apps, "cms", "theme", f"{action}_theme", f"Can {action} thème")
        for action in ("add", "change", "delete", "view")
    ]
    root_collection = Collection.objects.filter(depth=1).first()

    roles = {
        TRAINERS: (("add", "change"), ("add", "change", "choose"), []),
        MODERATORS: (
            ("add", "change", "publish", "lock", "unlock", "bulk_delete"),
            ("add", "change", "choose", "delete"),
            themes,
        ),
    }
    groups = {}
    for name, (page_actions, media_actions, extra) in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin, *extra)
        for action in page_actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=page_permissions[action]
            )
        if root_collection is not None:
            for (_app, _model, action), perm in media.items():
                if action in media_actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK,
            active=True,
            content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0],
        )
    task.groups.add(groups[MODERATORS])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK).delete()
    apps.get_model("auth.Group").objects.filter(name__in=[TRAINERS, MODERATORS]).delete()
    Page = apps.get_model("wagtailcore.Page")
    for index in apps.get_model("cms.CourseIndexPage").objects.all():
        # The catalogue goes with everything under it: treebeard rows are not cascaded.
        Page.objects.filter(path__startswith=index.path).delete()
        parent_path = index.path[:-STEPLEN]
        Page.objects.filter(path=parent_path).update(
            numchild=Page.objects.filter(path__startswith=parent_path, depth=index.depth).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_course_pages"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_catalogue_and_roles, remove_roles)]
