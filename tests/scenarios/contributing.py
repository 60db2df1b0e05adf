"""What the tests of contributed scenarios share: contributors, the front-end form as a browser
posts it, and the moderators' buttons in the admin."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import TaskState

from courses.models import Competence
from lms.organisations.models import OrganisationKind
from tests.factories import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

PROPOSE_URL = "/scenarios/proposer/"


def teacher(first_name: str = "Inès", school=None):
    """A member of a school: a contributor."""
    school = school or OrganisationFactory(kind=OrganisationKind.ECOLE, name="École Jules-Ferry")
    return MembershipFactory(organisation=school, user__first_name=first_name).user


def moderator(first_name: str = "Manon"):
    user = UserFactory(first_name=first_name)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def form_data(title: str = "Cartes mentales en CM1", steps=((20, "Découverte"), (35, "Construction")), **extra):
    """The proposal form as a browser posts it: the fields, the steps' formset, the action."""
    data = {
        "title": title,
        "summary": "Construire une carte mentale à plusieurs sur tablette.",
        "levels": ["cycle3"],
        "subjects": ["francais"],
        "competences": [str(Competence.objects.get(code="2.1").pk)],
        "group_size": "En binômes",
        "equipment": ["tablettes"],
        "objectives": "Organiser ses idées.\nÉcouter celles des autres.",
        "assessment": "Chaque binôme présente sa carte.",
        "licence": "cc-by-sa-4.0",
        "action": "enregistrer",
        "etapes-TOTAL_FORMS": str(len(steps)),
        "etapes-INITIAL_FORMS": "0",
        "etapes-MIN_NUM_FORMS": "1",
        "etapes-MAX_NUM_FORMS": "20",
    }
    for index, (minutes, step_title) in enumerate(steps):
        data.update(
            {
                f"etapes-{index}-title": step_title,
                f"etapes-{index}-minutes": str(minutes),
                f"etapes-{index}-leader": "L'enseignante montre l'outil au tableau.",
                f"etapes-{index}-participants": "Les élèves essaient en binômes.",
                f"etapes-{index}-material": "",
            }
        )
    data.update(extra)
    return data


def act(client, user, task_state: TaskState, action: str, comment: str = "") -> None:
    """A moderator's approve or "request changes" button in the Wagtail admin."""
    client.force_login(user)
    page_id = int(task_state.workflow_state.object_id)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page_id, action, task_state.pk])
    response = client.post(url, {"comment": comment})
    assert response.status_code == 302, response.content[:500]


def open_task(page) -> TaskState:
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS).get()
