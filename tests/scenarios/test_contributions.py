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


def outbox(kind: str):
    return OutboxMessage.objects.filter(kind=kind)


def rendered(message: OutboxMessage):
    email = build_email(message)
    return email.subject, email.body, email.alternatives[0][0]


def public_paths(client) -> str:
    """Everything a visitor can read about scenarios, in one string."""
    client.logout()
    return "".join(
        client.get(path).content.decode()
        for path in ("/scenarios/", "/scenarios/?q=cartes", "/scenarios/flux/", "/scenarios/export.json")
    )


@pytest.fixture
def people():
    return {"teacher": teacher(), "moderator": moderator(), "other": teacher("Paul")}


class TestWorkflow:
    def submit(self, client, author, page=None, **data):
        client.force_login(author)
        url = edit_url(page) if page else PROPOSE_URL
        response = client.post(url, form_data(action="envoyer", **data))
        assert response.status_code == 302
        assert response["Location"] == "/mon-espace/#mes-scenarios"
        return page or ScenarioPage.objects.filter(authors=author).latest("pk")

    def test_submitting_starts_the_review_and_tells_the_moderators(self, client, people):
        """ "Envoyer en relecture" starts "Relecture des scénarios" on the latest revision; the
        moderators get the cms's e-mail (to the admin), the author none."""
        page = self.submit(client, people["teacher"])
        state = page.current_workflow_state
        assert state.workflow.name == "Relecture des scénarios"
        assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == people["teacher"]
        assert open_task(page).revision == page.get_latest_revision()
        assert list(outbox("cms.moderation_submitted").values_list("recipient", flat=True)) == [people["moderator"].pk]
        assert not OutboxMessage.objects.filter(recipient=people["teacher"]).exists()

    def test_pending_and_rejected_proposals_are_never_public(self, client, people):
        """In review or sent back for changes: not in the listing, search, feed or export, and a 404 at its URL."""
        page = self.submit(client, people["teacher"], title="Cartes mentales secrètes")
        for step in ("pending", "rejected"):
            assert "Cartes mentales secrètes" not in public_paths(client), step
            assert client.get(f"/scenarios/{page.slug}/").status_code == 404, step
            if step == "pending":
                act(client, people["moderator"], open_task(page), "reject", comment="Précisez le matériel.")

    def test_a_request_for_changes_reaches_the_author_with_the_comment(self, client, people, settings):
        """ "Demander des modifications" queues one e-mail to the author, linking to "Mes scénarios"
        (never to the admin), with the comment; the cms sends its own to nobody."""
        page = self.submit(client, people["teacher"])
        act(client, people["moderator"], open_task(page), "reject", comment="Précisez le matériel de l'étape 2.")
        assert mail.outbox == []
        (message,) = outbox("scenarios.proposal_changes_requested")
        assert message.recipient == people["teacher"]
        assert not outbox("cms.moderation_rejected").exists()
        subject, body, html = rendered(message)
        assert subject == "Modifications demandées pour votre scénario « Cartes mentales en CM1 »"
        assert body.startswith("Bonjour Inès,")
        assert "Son commentaire :\nPrécisez le matériel de l'étape 2." in body
        assert f"{settings.SITE_URL}/mon-espace/#mes-scenarios" in body
        assert "/admin/" not in body + html

    def test_the_author_sees_the_comment_edits_and_resubmits(self, client, people):
        """After a request for changes "Mes scénarios" shows the state and the comment; the edit
        saves a new revision and resumes the same review, which the moderators hear about again."""
        page = self.submit(client, people["teacher"])
        first_task = open_task(page)
        act(client, people["moderator"], first_task, "reject", comment="Précisez le matériel de l'étape 2.")
        client.force_login(people["teacher"])
        dashboard = client.get("/mon-espace/").content.decode()
        assert "modifications demandées" in dashboard
        assert "Précisez le matériel de l&#x27;étape 2." in dashboard
        form = client.get(edit_url(page)).content.decode()
        assert "Précisez le matériel de l&#x27;étape 2." in form

        self.submit(client, people["teacher"], page, title="Cartes mentales en CM1, matériel précisé")
        state = WorkflowState.objects.get(pk=first_task.workflow_state_id)
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        second_task = open_task(page)
        assert second_task.pk != first_task.pk
        assert second_task.revision.object_str == "Cartes mentales en CM1, matériel précisé"
        assert outbox("cms.moderation_submitted").count() == 2
        assert "en relecture" in client.get("/mon-espace/").content.decode()

    def test_approval_publishes_and_tells_the_author(self, client, people, settings):
        """Approving publishes the latest revision (listing, feed) and queues one e-mail to the
        author with the public page and "Mes scénarios"; the cms's approval e-mail goes to nobody."""
        page = self.submit(client, people["teacher"], title="Cartes mentales publiées")
        act(client, people["moderator"], open_task(page), "approve")
        page.refresh_from_db()
        assert page.live and page.title == "Cartes mentales publiées"
        assert "Cartes mentales publiées" in public_paths(client)
        (message,) = outbox("scenarios.proposal_approved")
        assert message.recipient == people["teacher"]
        assert not outbox("cms.moderation_approved").exists()
        subject, body, html = rendered(message)
        assert subject == "Scénario publié : « Cartes mentales publiées »"
        assert f"{settings.SITE_URL}/scenarios/{page.slug}/" in body
        assert f"{settings.SITE_URL}/mon-espace/#mes-scenarios" in body
        assert "/admin/" not in body + html

    def test_a_scenario_in_review_cannot_be_edited(self, client, people):
        """While a moderator reviews it, the edit address shows it read-only and a post changes nothing."""
        page = self.submit(client, people["teacher"])
        client.force_login(people["teacher"])
        response = client.get(edit_url(page))
        assert "ne peut pas être modifié pendant la relecture" in response.content.decode()
        client.post(edit_url(page), form_data(title="Changé en douce"))
        assert page.get_latest_revision().object_str == "Cartes mentales en CM1"


class TestOtherPeoplesDrafts:
    def test_the_404_matrix_of_the_edit_address(self, client, people):
        """Someone else's draft: 404 to another contributor, a parent and a visitor; its author
        edits it; a moderator is sent to the admin."""
        page = propose(client, people["teacher"])
        client.force_login(people["other"])
        assert client.get(edit_url(page)).status_code == 404
        assert client.post(edit_url(page), form_data(title="Volé")).status_code == 404
        client.force_login(UserFactory())
        assert client.get(edit_url(page)).status_code == 404
        client.logout()
        assert client.get(edit_url(page)).status_code == 302  # to the sign-in
        client.force_login(people["moderator"])
        assert client.get(edit_url(page))["Location"] == f"/admin/pages/{page.pk}/edit/"
        client.force_login(people["teacher"])
        assert client.get(edit_url(page)).status_code == 200
        assert page.get_latest_revision().object_str == "Cartes mentales en CM1"


class TestMyScenarios:
    def test_each_state_is_shown_with_its_link(self, client, people):
        """A draft (resume), a published one (its page): each with its state."""
        draft = propose(client, people["teacher"], title="Brouillon du lundi")
        published = published_scenario("Déjà en ligne")
        published.authors.add(people["teacher"])
        published.save()
        client.force_login(people["teacher"])
        html = client.get("/mon-espace/").content.decode()
        assert "Mes scénarios" in html
        assert "Brouillon du lundi" in html and "brouillon" in html and edit_url(draft) in html
        assert "publié" in html and f"/scenarios/{published.slug}/" in html

    def test_people_who_neither_wrote_nor_may_write_do_not_see_the_section(self, client):
        """A parent's /mon-espace/ has no "Mes scénarios"."""
        client.force_login(UserFactory())
        assert "Mes scénarios" not in client.get("/mon-espace/").content.decode()

    @pytest.mark.parametrize("count", [2, 20])
    def test_the_query_count_does_not_grow(self, count, django_assert_num_queries, rf):
        """One query for the section, whatever the number of scenarios and their states."""
        from scenarios.dashboard import my_scenarios_context

        author = teacher()
        for number in range(count):
            page = published_scenario(f"Scénario {number}") if number % 2 else None
            if page is None:
                page = published_scenario(f"Scénario {number}")
                page.unpublish()
            page.authors.add(author)
            page.save()
        request = rf.get("/mon-espace/")
        request.user = author
        # 1: the scenarios, each with its open review and the latest request's comment (subqueries)
        with django_assert_num_queries(1):
            context = my_scenarios_context(request)
        assert len(context["scenarios"]) == count


class TestServices:
    def test_a_title_never_takes_a_reserved_or_taken_address(self, client):
        """A scenario titled "Proposer" cannot sit at /scenarios/proposer/ (the form's own
        address), nor two scenarios at one slug."""
        author = teacher()
        assert propose(client, author, title="Proposer").slug == "proposer-2"
        assert propose(client, author, title="Pièces jointes").slug == "pieces-jointes-2"
        assert propose(client, author, title="Proposer").slug == "proposer-3"

    def test_a_second_submission_never_starts_a_second_review(self, client, people):
        """Submitting a scenario already in review is refused: one open review per page."""
        from scenarios.services.proposals import ProposalRefused, proposal_submit

        page = propose(client, people["teacher"])
        proposal_submit(page=page, author=people["teacher"])
        with pytest.raises(ProposalRefused, match="déjà en relecture"):
            proposal_submit(page=page, author=people["teacher"])
        assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
