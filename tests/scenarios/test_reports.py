"""Reporting a problem on a published scenario: anyone signed in; the report lands in the
moderators' queue in the admin and each moderator gets an e-mail through the outbox."""

from django.contrib.auth.models import Group

import pytest

from scenarios.models import ScenarioReport
from tests.factories.accounts import UserFactory
from tests.factories.scenarios import ScenarioPageFactory, published_scenario
from tests.helpers.outbox import deliver
from tests.helpers.pages import page_text

pytestmark = [pytest.mark.django_db]


def moderator(email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def scenario():
    return published_scenario("Robots au cycle 2")


def test_a_report_lands_in_the_queue_and_emails_every_moderator(client, scenario):
    """Both moderators get an e-mail naming the scenario and the reason; trainers do not."""
    first = moderator("m1@exemple.fr")
    moderator("m2@exemple.fr")
    trainer = UserFactory(email="formatrice@exemple.fr")
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(UserFactory())
    response = client.post(
        f"/scenarios/signaler/{scenario.pk}/", {"reason": "personal-data", "text": "Le nom d'un élève à l'étape 2."}
    )
    assert response.status_code == 302 and response["Location"] == scenario.url
    report = ScenarioReport.objects.get()
    assert (report.reason, report.status, report.scenario) == ("personal-data", "open", scenario)
    sent = [
        message for message in deliver() if message.extra_headers["X-Passerelle-Kind"] == "scenarios.report_received"
    ]
    assert sorted(message.to[0] for message in sent) == ["m1@exemple.fr", "m2@exemple.fr"]
    assert "Robots au cycle 2" in sent[0].subject
    assert "Données personnelles" in sent[0].body and "/admin/scenarios/signalements/" in sent[0].body
    client.force_login(first)
    assert "Le nom d'un élève à l'étape 2." in page_text(client.get("/admin/scenarios/signalements/"))


def test_a_moderator_closes_a_report(client, scenario):
    """ "Traité" takes it out of the queue and keeps who did it."""
    mod = moderator("m1@exemple.fr")
    report = ScenarioReport.objects.create(reporter=UserFactory(), scenario=scenario, reason="rights", text="Copié.")
    client.force_login(mod)
    client.post(f"/admin/scenarios/signalements/{report.pk}/cloture/", {"decision": "resolved"})
    report.refresh_from_db()
    assert (report.status, report.handled_by) == ("resolved", mod)
    assert "Copié." not in page_text(client.get("/admin/scenarios/signalements/"))


def test_only_moderators_see_the_reports(client, scenario):
    """Anyone else in the admin gets a 404, and cannot close one."""
    report = ScenarioReport.objects.create(reporter=UserFactory(), scenario=scenario, reason="rights", text="Copié.")
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    assert client.get("/admin/scenarios/signalements/").status_code == 404
    assert (
        client.post(f"/admin/scenarios/signalements/{report.pk}/cloture/", {"decision": "resolved"}).status_code == 404
    )
    report.refresh_from_db()
    assert report.status == "open"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "spam", "text": "x"}, "reason", "Sélectionnez un choix valide"),
        ({"reason": "content", "text": ""}, "text", "Champ requis."),
        ({"reason": "content", "text": "x" * 3001}, "text", "3000 caractères"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(client, scenario, data, field, message):
    """Never a 500, and nothing reported."""
    client.force_login(UserFactory())
    response = client.post(f"/scenarios/signaler/{scenario.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="id_{field}_erreurs"' in html and message in html
    assert not ScenarioReport.objects.exists()


def test_visitors_sign_in_first_and_drafts_cannot_be_reported(client):
    """Anonymous: to the sign-in page; a draft: 404."""
    draft = ScenarioPageFactory(live=False)
    assert client.get(f"/scenarios/signaler/{draft.pk}/").status_code == 302
    client.force_login(UserFactory())
    assert client.get(f"/scenarios/signaler/{draft.pk}/").status_code == 404
