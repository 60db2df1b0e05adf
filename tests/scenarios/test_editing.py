"""The scenario form in the Wagtail admin and the moderation journey through it."""

import re

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from courses.models import Competence
from scenarios.models import ScenarioPage
from tests.factories import UserFactory
from tests.factories.scenarios import ScenarioPageFactory, scenario_index, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

LEVEL_ERROR = "Choisissez au moins un niveau scolaire ou un public adulte."


def form_data(title: str = "Cartes mentales", levels=("cycle3",), publics=(), minutes=(20, 35), duration=55, **extra):
    """A scenario as the admin form posts it."""
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Construire une carte mentale à plusieurs.",
        "cover_alt": "",
        "duration_minutes": duration,
        "group_size": "En binômes",
        "objectives": "Organiser ses idées.",
        "steps": streamfield([("step", step(f"Étape {n}", m)["value"]) for n, m in enumerate(minutes, 1)]),
        "resources": streamfield([]),
        "assessment": "Chaque binôme présente sa carte.",
        "variants": streamfield([]),
        "licence": "cc-by-sa-4.0",
        **extra,
    }
    # Multiple choices stay lists: nested_form_data would flatten them into numbered keys.
    return {
        **nested_form_data(data),
        "levels": list(levels),
        "publics": list(publics),
        "subjects": ["francais"],
        "competences": [Competence.objects.get(code="2.1").pk],
        "equipment": ["tablettes"],
    }


def add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("scenarios", "scenariopage", scenario_index().pk))


class TestEditorChecks:
    def test_a_scenario_needs_a_level_or_a_public(self, staff_client):
        """Neither a school level nor an adult public: refused, the error next to the levels."""
        response = staff_client.post(add_url(), form_data(levels=(), publics=()))
        assert response.status_code == 200
        assert LEVEL_ERROR in response.content.decode()
        assert set(response.context["form"].errors) == {"levels"}
        assert not ScenarioPage.objects.filter(title="Cartes mentales").exists()

    def test_an_adult_public_alone_is_enough(self, staff_client):
        """A workshop for parents has no school level and saves."""
        response = staff_client.post(add_url(), form_data(levels=(), publics=("parents",)))
        assert response.status_code == 302
        assert ScenarioPage.objects.get(title="Cartes mentales").publics.get().code == "parents"

    def test_steps_must_add_up_to_the_duration(self, staff_client):
        """20 + 30 min of steps for a 55 min scenario: refused with both figures."""
        response = staff_client.post(add_url(), form_data(minutes=(20, 30), duration=55))
        assert response.status_code == 200
        html = response.content.decode()
        assert set(response.context["form"].errors) == {"duration_minutes"}
        assert "Les étapes durent 50 min en tout, la durée indiquée est de 55 min" in html
        assert not ScenarioPage.objects.filter(title="Cartes mentales").exists()

    def test_an_address_the_site_answers_is_refused(self, staff_client):
        """A scenario slugged "flux" would hide behind the Atom feed: the slug is refused."""
        response = staff_client.post(add_url(), {**form_data(), "slug": "flux"})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"slug"}
        assert "L'adresse « flux » est réservée par le site" in response.context["form"].errors["slug"][0]
        assert not ScenarioPage.objects.filter(title="Cartes mentales").exists()

    def test_editing_keeps_the_checks_and_no_revision_is_saved(self, staff_client):
        """On the edit view, a refused form leaves the revisions untouched; a fixed one saves."""
        page = ScenarioPageFactory(title="Cartes mentales", duration_minutes=10)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
        for refused in (form_data(levels=(), publics=(), minutes=(10,), duration=10), form_data(minutes=(10, 5))):
            response = staff_client.post(url, refused)
            assert response.status_code == 200
            assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
        response = staff_client.post(url, form_data(minutes=(10, 45), duration=55))
        assert response.status_code == 302
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1


def member_of(group: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


def public_places(client) -> list[str]:
    """Where a published scenario shows up for everyone: listing, feed, open data export."""
    client.logout()
    return [client.get(path).content.decode() for path in ("/scenarios/", "/scenarios/flux/", "/scenarios/export.json")]


def test_a_submitted_scenario_is_public_only_once_a_moderator_approves(client):
    """Trainer submits through the admin; nothing public until the moderator approves in Wagtail."""
    trainer, moderator = member_of("Formateurs"), member_of("Modérateurs")
    client.force_login(trainer)
    response = client.post(add_url(), form_data(title="Cartes mentales partagées", **{"action-submit": "on"}))
    assert response.status_code == 302
    page = ScenarioPage.objects.get(title="Cartes mentales partagées")
    assert not page.live
    workflow_state = page.current_workflow_state
    assert workflow_state.workflow.name == "Relecture des scénarios"
    assert all("Cartes mentales partagées" not in body for body in public_places(client))

    client.force_login(moderator)
    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert all("Cartes mentales partagées" in body for body in public_places(client))


def school_member(first_name: str, last_name: str, school: str):
    """A teacher of a school: a contributor through their membership."""
    from lms.organisations.models import OrganisationKind
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    organisation = OrganisationFactory(name=school, kind=OrganisationKind.ECOLE)
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name), organisation=organisation
    ).user


def offered_authors(response) -> dict[int, str]:
    field = response.context["form"].fields["authors"]
    return {user.pk: field.label_from_instance(user) for user in field.queryset}


class TestAuthorChoice:
    def test_only_contributors_are_offered_by_name_and_organisation(self, staff_client):
        """A teacher of a school and a trainer are offered, labelled without their e-mail; a
        person with no school, relay or trainer role is not."""
        teacher = school_member("Élie", "Enseignant", "École des Castagniers")
        trainer = member_of("Formateurs")
        stranger = UserFactory(first_name="Sam", last_name="Passant")
        response = staff_client.get(add_url())
        offered = offered_authors(response)
        assert offered[teacher.pk] == "Élie Enseignant — École des Castagniers"
        assert offered[trainer.pk] == trainer.get_full_name()
        assert stranger.pk not in offered
        html = response.content.decode()
        assert "Élie Enseignant — École des Castagniers" in html and "Sam Passant" not in html
        assert teacher.email not in html

    def test_a_non_contributor_posted_as_author_is_refused(self, staff_client):
        """Posting someone who may not contribute fails on the authors field; nothing is saved."""
        stranger = UserFactory()
        response = staff_client.post(add_url(), {**form_data(), "authors": [stranger.pk]})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"authors"}
        assert not ScenarioPage.objects.filter(title="Cartes mentales").exists()

    def test_an_author_who_no_longer_contributes_stays_on_save(self, staff_client):
        """An author who left their school is still offered on the page that names them, and
        saving keeps them; a new page does not offer them."""
        former = UserFactory(first_name="Ancienne", last_name="Collègue")
        page = ScenarioPageFactory(title="Cartes mentales", duration_minutes=55)
        page.authors.set([former])
        page.save_revision()
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        assert offered_authors(staff_client.get(url))[former.pk] == "Ancienne Collègue"
        assert former.pk not in offered_authors(staff_client.get(add_url()))
        response = staff_client.post(url, {**form_data(), "authors": [former.pk]})
        assert response.status_code == 302
        latest = ScenarioPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        assert [author.pk for author in latest.authors.all()] == [former.pk]

    @pytest.mark.parametrize("count", [2, 20])
    def test_the_choice_costs_the_same_whatever_the_number_of_contributors(self, staff_client, count):
        """The contributors and their organisations come in a fixed number of queries."""
        school_member("Prénom", "Nom 00", "École 00")

        def queries() -> int:
            staff_client.get(add_url())
            with CaptureQueriesContext(connection) as captured:
                assert staff_client.get(add_url()).status_code == 200
            return len(captured)

        baseline = queries()
        for number in range(1, count):
            school_member("Prénom", f"Nom {number:02d}", f"École {number:02d}")
        assert queries() == baseline
        labels = offered_authors(staff_client.get(add_url())).values()
        assert sum(bool(re.fullmatch(r"Prénom Nom (\d\d) — École \1", label)) for label in labels) == count
