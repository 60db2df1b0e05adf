""" "Je l'ai testé": one feedback per person and scenario, editable, shown only once approved;
the moderators' queue in the admin and the author's e-mail; the counts, average and sorts of the
listing, computed in its query."""

import re
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from scenarios.models import ScenarioFeedback
from scenarios.services.feedback import feedback_moderate, feedback_save
from tests.factories.accounts import UserFactory
from tests.factories.scenarios import ScenarioPageFactory, published_scenario
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import database_cache_queries, page_text
from tests.scenarios.test_listing import LISTING_QUERIES

pytestmark = [pytest.mark.django_db]

FORM = {
    "tested_on": "2026-11-20",
    "target": "cycle3",
    "group_size": "24",
    "how_it_went": "Les élèves ont adoré écrire l'article.",
    "changes": "Une étape en moins.",
    "usefulness": "4",
}


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def feedback(scenario, *, usefulness=4, approved=True, user=None):
    saved = feedback_save(
        user=user or UserFactory(),
        scenario=scenario,
        tested_on=date(2026, 11, 1),
        target="cycle3",
        group_size=20,
        how_it_went="Bien passé.",
        changes="",
        usefulness=usefulness,
    )
    if approved:
        saved = feedback_moderate(feedback=saved, moderator=moderator(), approve=True)
    return saved


@pytest.fixture
def scenario():
    return published_scenario("Écrire un article en cycle 3")


def test_a_signed_in_user_leaves_feedback_that_waits_for_moderation(client, scenario):
    """Posted feedback is saved pending: the scenario's page does not show it yet."""
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/scenarios/retours/{scenario.pk}/", FORM)
    assert response.status_code == 302
    saved = ScenarioFeedback.objects.get(user=user, scenario=scenario)
    assert saved.status == "pending" and saved.usefulness == 4 and saved.group_size == 24
    client.logout()
    assert "Les élèves ont adoré" not in page_text(client.get(scenario.url))


def test_visitors_are_sent_to_sign_in(client, scenario):
    """Anonymous visitors are asked to sign in first."""
    response = client.get(f"/scenarios/retours/{scenario.pk}/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"usefulness": "9"}, "usefulness", "Sélectionnez un choix valide"),
        ({"tested_on": "2099-01-01"}, "tested_on", "La date ne peut pas être dans le futur"),
        ({"group_size": "0"}, "group_size", "supérieure ou égale à 1"),
        ({"how_it_went": ""}, "how_it_went", "Champ requis."),
        ({"target": "cycle9"}, "target", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_message_next_to_the_field(client, scenario, change, field, message):
    """Never a 500: the form comes back with the message by the field and what was typed."""
    client.force_login(UserFactory())
    response = client.post(f"/scenarios/retours/{scenario.pk}/", {**FORM, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_erreurs"' in html and message in html
    assert "Une étape en moins." in html
    assert not ScenarioFeedback.objects.exists()


def test_drafts_cannot_get_feedback(client):
    """A scenario that is not published is a 404, for feedback too."""
    draft = ScenarioPageFactory(live=False)
    client.force_login(UserFactory())
    assert client.get(f"/scenarios/retours/{draft.pk}/").status_code == 404
    assert client.post(f"/scenarios/retours/{draft.pk}/", FORM).status_code == 404


def test_editing_keeps_one_row_and_sends_it_back_to_moderation(client, scenario):
    """The second post edits the same feedback; an approved one goes back to pending."""
    saved = feedback(scenario)
    assert saved.status == "approved"
    client.force_login(saved.user)
    assert "Votre retour est publié" in page_text(client.get(f"/scenarios/retours/{scenario.pk}/"))
    client.post(f"/scenarios/retours/{scenario.pk}/", {**FORM, "usefulness": "2"})
    saved.refresh_from_db()
    assert ScenarioFeedback.objects.count() == 1
    assert (saved.usefulness, saved.status, saved.moderated_by) == (2, "pending", None)


def test_two_concurrent_posts_make_one_row(transactional_site):
    """A double click (two requests at once) never makes two rows nor an error."""
    scenario = published_scenario("Concurrence")
    user = UserFactory()

    def post(index):
        return feedback_save(
            user=user,
            scenario=scenario,
            tested_on=date(2026, 11, 1),
            target="cycle3",
            group_size=10 + index,
            how_it_went=f"Essai {index}",
            changes="",
            usefulness=3,
        ).pk

    # SQLite's IMMEDIATE transactions serialise the two; PostgreSQL runs them truly at once (as
    # processes, like the other concurrency tests), where only the constraint keeps one row.
    outcomes = run_concurrently(post, workers=2, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    assert ScenarioFeedback.objects.filter(user=user, scenario=scenario).count() == 1
    assert len({outcome.value for outcome in outcomes}) == 1


class TestModeration:
    def test_only_moderators_open_the_queue(self, client, scenario):
        """The queue is the Modérateurs group's: trainers and others get a 404."""
        pending = feedback(scenario, approved=False)
        trainer = UserFactory()
        trainer.groups.add(Group.objects.get(name="Formateurs"))
        client.force_login(trainer)
        assert client.get("/admin/scenarios/retours/").status_code == 404
        assert (
            client.post(f"/admin/scenarios/retours/{pending.pk}/decision/", {"decision": "approve"}).status_code == 404
        )
        pending.refresh_from_db()
        assert pending.status == "pending"

    def test_approving_shows_it_and_tells_the_author(self, client, scenario, no_page_cache):
        """Approved from the admin queue: on the page, counted, and its author gets an e-mail."""
        pending = feedback(scenario, approved=False, user=UserFactory(email="prof@exemple.fr", first_name="Lou"))
        client.force_login(moderator())
        queue = page_text(client.get("/admin/scenarios/retours/"))
        assert "Bien passé." in queue
        response = client.post(f"/admin/scenarios/retours/{pending.pk}/decision/", {"decision": "approve"})
        assert response.status_code == 302
        pending.refresh_from_db()
        assert pending.status == "approved" and pending.moderated_at is not None
        email = last_email_to("prof@exemple.fr") if deliver() else None
        assert email is not None and "est publié" in email.subject and scenario.title in email.subject
        client.logout()
        html = page_text(client.get(scenario.url))
        assert "Bien passé." in html and "Testé 1 fois" in html and "utilité 4,0 sur 5" in html

    def test_rejecting_keeps_it_hidden_and_tells_the_author(self, client, scenario, no_page_cache):
        """Rejected: never shown, and the author is told how to try again."""
        pending = feedback(scenario, approved=False, user=UserFactory(email="prof@exemple.fr"))
        client.force_login(moderator())
        client.post(f"/admin/scenarios/retours/{pending.pk}/decision/", {"decision": "reject"})
        pending.refresh_from_db()
        assert pending.status == "rejected"
        deliver()
        email = last_email_to("prof@exemple.fr")
        assert "n'est pas publié" in email.subject and f"/scenarios/retours/{scenario.pk}/" in email.body
        client.logout()
        assert "Bien passé." not in page_text(client.get(scenario.url))

    def test_an_edit_before_the_email_leaves_cancels_it(self, scenario):
        """The e-mail says what is true when it leaves: an approval since edited is not announced."""
        approved = feedback(scenario, user=UserFactory(email="prof@exemple.fr"))
        feedback_save(
            user=approved.user,
            scenario=scenario,
            tested_on=date(2026, 11, 2),
            target="cycle3",
            group_size=3,
            how_it_went="Modifié.",
            changes="",
            usefulness=5,
        )
        assert not [m for m in deliver() if "prof@exemple.fr" in m.to]

    def test_approval_turns_the_page_cache_over(self, client, scenario, settings, django_capture_on_commit_callbacks):
        """Visitors see the new count at once: the cached listing is not served any more."""
        settings.PASSERELLE_PAGE_CACHE = True
        pending = feedback(scenario, approved=False)
        assert "Testé 1 fois" not in page_text(client.get("/scenarios/"))
        assert client.get("/scenarios/")["X-Passerelle-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            feedback_moderate(feedback=pending, moderator=moderator(), approve=True)
        response = client.get("/scenarios/")
        assert response["X-Passerelle-Cache"] != "hit" and "Testé 1 fois" in page_text(response)


def card_titles(client, **params) -> list[str]:
    html = client.get("/scenarios/", params).content.decode()
    return [re.sub(r"<[^>]+>", "", found).strip() for found in re.findall(r'course-card__title"[^>]*>(.*?)</h3>', html)]


@pytest.mark.usefixtures("no_page_cache")
class TestListing:
    @pytest.fixture
    def rated(self):
        old = published_scenario("Ancien et très testé")
        middle = published_scenario("Bien noté")
        published_scenario("Récent sans retour")
        for score in (3, 3, 4):
            feedback(old, usefulness=score)
        feedback(middle, usefulness=5)
        feedback(middle, usefulness=1, approved=False)  # pending: never counted
        return old, middle

    def test_cards_show_the_approved_tests_and_their_average(self, client, rated):
        """Counts and averages read only approved feedback."""
        html = page_text(client.get("/scenarios/"))
        assert "Testé 3 fois · utilité 3,3 sur 5" in html
        assert "Testé 1 fois · utilité 5,0 sur 5" in html

    def test_sorts(self, client, rated):
        """Newest by default; most tested; best rated, untested last."""
        assert card_titles(client) == ["Récent sans retour", "Bien noté", "Ancien et très testé"]
        assert card_titles(client, tri="plus-testes") == ["Ancien et très testé", "Bien noté", "Récent sans retour"]
        assert card_titles(client, tri="mieux-notes") == ["Bien noté", "Ancien et très testé", "Récent sans retour"]

    def test_the_sort_is_kept_with_the_filters_and_pages(self, client, rated):
        """The sort is a field of the GET form: it stays selected, and in the pages' links."""
        html = client.get("/scenarios/", {"tri": "mieux-notes", "pour": "cycle3"}).content.decode()
        assert '<option value="mieux-notes" selected>' in html
        assert card_titles(client, tri="n-importe-quoi") == card_titles(client)

    @pytest.mark.parametrize("count", [2, 20])
    def test_query_count_does_not_grow_with_feedback(self, client, count):
        """The counts come with the listing's query: the same queries as without feedback
        (LISTING_QUERIES, tests/scenarios/test_listing.py), for 2 or 20 tested scenarios."""
        for number in range(count):
            page = published_scenario(f"Scénario {number:02d}")
            feedback(page, usefulness=1 + number % 5)
        client.get("/scenarios/")
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/scenarios/", {"tri": "mieux-notes"})
        assert response.status_code == 200 and "Testé 1 fois" in page_text(response)
        assert len(queries) == LISTING_QUERIES + database_cache_queries(), "\n".join(
            query["sql"][:160] for query in queries
        )
