"""The scenarios' listing at /scenarios/, the rows of the facets, and the review workflow.

Scenarios are written by the "Formateurs" group and published by the "Modérateurs" group, created
with the catalogue (cms 0004): both get the same rights on /scenarios/ as on /formations/, and
the new workflow "Relecture des scénarios" reuses the catalogue's moderation task, so the same
people approve both.
"""

from django.db import migrations
from django.utils import timezone

INDEX_TITLE = "Scénarios pédagogiques"
INDEX_INTRO = (
    "Des séances et des ateliers prêts à l'emploi, écrits par des enseignants, des médiateurs et "
    "des formateurs : choisissez un niveau ou un public, une discipline, une compétence du CRCN."
)
WORKFLOW = "Relecture des scénarios"
TASK = "Validation par l'équipe de modération"  # cms 0004
ROLES = {
    "Formateurs": ("add", "change"),
    "Modérateurs": ("add", "change", "publish", "lock", "unlock", "bulk_delete"),
}
FACETS = {
    "Level": ["cycle1", "cycle2", "cycle3", "cycle4", "lycee"],
    "Public": ["parents", "agents", "elus", "adultes"],
    "Subject": [
        "francais",
        "mathematiques",
        "histoire-geographie",
        "sciences",
        "technologie",
        "langues-vivantes",
        "arts-plastiques",
        "education-musicale",
        "eps",
        "emc",
        "snt-nsi",
        "hors-discipline",
    ],
    "Equipment": ["tablettes", "ecran-interactif", "robots", "salle-informatique", "ordinateur-portable", "aucun"],
}
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def next_child_path(parent, Page) -> str:
    """As cms 0004: treebeard's next path below `parent`, without the model's methods."""
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


def create(apps, schema_editor):
    for model_name, codes in FACETS.items():
        model = apps.get_model("scenarios", model_name)
        model.objects.bulk_create([model(code=code) for code in codes], ignore_conflicts=True)

    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    ScenarioIndexPage = apps.get_model("scenarios.ScenarioIndexPage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Task = apps.get_model("wagtailcore.Task")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    home = HomePage.objects.first()
    if home is None:
        return
    index = ScenarioIndexPage.objects.first()
    if index is None:
        now = timezone.now()
        index = ScenarioIndexPage.objects.create(
            title=INDEX_TITLE,
            draft_title=INDEX_TITLE,
            slug="scenarios",
            content_type=ContentType.objects.get_or_create(app_label="scenarios", model="scenarioindexpage")[0],
            path=next_child_path(home, Page),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}scenarios/",
            locale_id=home.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
            intro=INDEX_INTRO,
        )
        Page.objects.filter(pk=home.pk).update(
            numchild=Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).count()
        )

    page_content_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    for name, actions in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=page_content_type, codename=f"{action}_page", defaults={"name": f"Can {action} page"}
            )
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)

    task = Task.objects.filter(name=TASK).first()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if task is not None:
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    Page = apps.get_model("wagtailcore.Page")
    for index in apps.get_model("scenarios.ScenarioIndexPage").objects.all():
        # The listing goes with everything under it: treebeard rows are not cascaded.
        Page.objects.filter(path__startswith=index.path).delete()
        parent_path = index.path[:-STEPLEN]
        Page.objects.filter(path=parent_path).update(
            numchild=Page.objects.filter(path__startswith=parent_path, depth=index.depth).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0001_initial"),
        ("cms", "0011_course_themes_copied"),
    ]

    operations = [migrations.RunPython(create, remove)]
