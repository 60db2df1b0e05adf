"""Proposing a scenario from the front end (/scenarios/proposer/): a real Wagtail draft, sent
through "Relecture des scénarios", its outcome told to the authors, and "Mes scénarios"."""

from django.core import mail

from wagtail.models import Revision, WorkflowState

import pytest

from lms.notifications.emails import build_email
from lms.notifications.models import OutboxMessage
from scenarios.models import ScenarioPage
from tests.factories import UserFactory
from tests.factories.scenarios import published_scenario
from tests.scenarios.contributing import PROPOSE_URL, act, form_data, moderator, open_task, teacher

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def propose(client, author, **data) -> ScenarioPage:
    client.force_login(author)
    response = client.post(PROPOSE_URL, form_data(**data))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ScenarioPage.objects.filter(authors=author).latest("pk")


def edit_url(page) -> str:
    return f"{PROPOSE_URL}{page.pk}/"


class TestProposalForm:
    def test_saving_makes_a_real_wagtail_draft(self, client):
        """The page is under /scenarios/, not live, with one revision by its author, its steps and
        the sum of their durations; the author is credited with their school."""
        author = teacher()
        page = propose(client, author)
        assert not page.live
        assert page.get_parent().specific_class.__name__ == "ScenarioIndexPage"
        assert list(page.authors.all()) == [author]
        assert page.organisation.name == "École Jules-Ferry"
        revision = Revision.page_revisions.get(object_id=str(page.pk))
        assert revision.user == author
        draft = page.get_latest_revision_as_object()
        assert [step.value["title"] for step in draft.steps] == ["Découverte", "Construction"]
        assert draft.duration_minutes == 55

    def test_adding_a_step_shows_one_more_row_and_loses_nothing(self, client):
        """ "Ajouter une étape" saves nothing, shows what was typed without errors, and one empty row more."""
        client.force_login(teacher())
        data = form_data(title="Un titre tapé", steps=((15, "Accueil"),), action="ajouter-etape", summary="")
        response = client.post(PROPOSE_URL, data)
        assert response.status_code == 200
        assert ScenarioPage.objects.count() == 0
        html = response.content.decode()
        assert 'value="Un titre tapé"' in html and 'value="Accueil"' in html
        assert 'name="etapes-1-title"' in html and 'name="etapes-2-title"' not in html
        assert "Ce champ est obligatoire" not in html

    def test_a_scenario_needs_a_step_and_a_level_or_public(self, client):
        """No step and neither a level nor a public: refused, errors next to the fields, nothing saved."""
        client.force_login(teacher())
        data = form_data(steps=(), levels=[])
        response = client.post(PROPOSE_URL, data)
        assert response.status_code == 200
        assert ScenarioPage.objects.count() == 0
        assert "Choisissez au moins un niveau scolaire ou un public adulte." in response.content.decode()
        assert response.context["formset"].non_form_errors()

    def test_plain_fields_are_stored_as_typed_and_escaped_on_output(self, client):
        """Markup typed in a field is kept as text (no nh3 on plain text: "&" stays "&") and shown escaped."""
        author = teacher()
        page = propose(client, author, title="Sons & <b>images</b>")
        draft = page.get_latest_revision_as_object()
        assert draft.title == "Sons & <b>images</b>"
        response = client.get(edit_url(page))
        assert 'value="Sons &amp; &lt;b&gt;images&lt;/b&gt;"' in response.content.decode()


class TestWhoMayPropose:
    def test_a_parent_sees_why_and_how(self, client):
        """Someone who cannot contribute gets a page saying why and how (their school or relay), not a 403."""
        client.force_login(UserFactory())
        response = client.get(PROPOSE_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Votre compte n'est rattaché à aucun de ces lieux" in html
        assert "demandez à sa direction de vous inviter" in html
        assert client.post(PROPOSE_URL, form_data()).status_code == 200
        assert ScenarioPage.objects.count() == 0

    def test_a_visitor_is_asked_to_sign_in(self, client):
        """An anonymous visitor is told to sign in with their school's or relay's account."""
        response = client.get(PROPOSE_URL)
        assert response.status_code == 200
        assert "/compte/connexion/?next=/scenarios/proposer/" in response.content.decode()
