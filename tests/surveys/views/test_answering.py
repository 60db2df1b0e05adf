"""Answering without JavaScript: each section a form, French messages, leave and resume, send,
then the results beside the département's and the CSV."""

from django.urls import reverse

import pytest

from surveys.models import Response
from tests.factories.surveys import CampaignTargetFactory, ResponseFactory
from tests.surveys.conftest import FIRST_SECTION, SECOND_SECTION, manager_of, school


def url(target, name="surveys:answer"):
    return reverse(name, args=[target.campaign.pk, target.organisation.slug])


def test_the_whole_journey_without_javascript(client, target):
    """Errors show in French next to the question; a saved section resumes; sending freezes."""
    client.force_login(target.head)
    page = client.get(url(target))
    assert "Partie 1 sur 2" in page.content.decode()
    page = client.post(url(target), {"tablettes": "beaucoup", "connectee": "oui", "action": "continue"})
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="q-tablettes_erreurs"><li>Saisissez un nombre, par exemple 12 ou 3,5.' in content
    assert "Certaines réponses sont à corriger" in content
    page = client.post(url(target), {**FIRST_SECTION, "action": "leave"})
    assert page["Location"] == reverse("surveys:index")
    assert "Partie 2 sur 2" in client.get(url(target)).content.decode()  # resumes where it was left
    page = client.get(url(target) + "?partie=1")
    assert 'value="12"' in page.content.decode()  # the saved answers are back
    page = client.post(url(target) + "?partie=2", {**SECOND_SECTION, "action": "continue"})
    assert page["Location"] == url(target, "surveys:review")
    page = client.get(url(target, "surveys:review"))
    assert "Envoyer les réponses" in page.content.decode()
    page = client.post(url(target, "surveys:review"))
    assert page["Location"] == url(target, "surveys:results")
    assert Response.objects.get().is_submitted
    assert client.get(url(target))["Location"] == url(target, "surveys:results")


def test_a_conditional_question_of_an_earlier_section_shows_only_when_it_holds(client, target):
    """The cycle 1 question shows on part 2 only if cycle 1 was ticked; in-section ones carry a hint."""
    client.force_login(target.head)
    page = client.get(url(target))
    assert "Seulement si vous avez répondu « Oui » plus haut." in page.content.decode()
    client.post(url(target), {**FIRST_SECTION, "action": "continue"})
    client.post(url(target) + "?partie=2", {"cycles": ["cycle2"], "satisfaction": "3", "action": "continue"})
    assert (
        'name="usage_cycle1"' in client.get(url(target) + "?partie=2").content.decode()
    )  # same section: shown with its hint
    assert client.get(url(target) + "?partie=2").status_code == 200


def test_results_hide_departement_figures_below_three_responding_schools(client, world, target):
    """With fewer than 3 responding schools the département column says « moins de 3 réponses »."""
    client.force_login(target.head)
    client.post(url(target), {**FIRST_SECTION, "action": "continue"})
    client.post(url(target) + "?partie=2", {**SECOND_SECTION, "action": "continue"})
    client.post(url(target, "surveys:review"))
    content = client.get(url(target, "surveys:results")).content.decode()
    assert "moins de 3 réponses" in content
    for tablets in ("4", "20"):
        other = CampaignTargetFactory(campaign=target.campaign, organisation=school(world.commune))
        from surveys.services.responses import response_save_section, response_submit

        head = manager_of(other.organisation)
        for index, data in enumerate(({**FIRST_SECTION, "tablettes": [tablets]}, SECOND_SECTION)):
            response, _errors = response_save_section(
                campaign=target.campaign, organisation=other.organisation, user=head, index=index, data=data
            )
        response_submit(response=response, user=head)
    content = client.get(url(target, "surveys:results")).content.decode()
    assert "moins de 3 réponses" not in content
    assert "moyenne : 12" in content  # (12 + 4 + 20) / 3
    assert "Fibre : 100 %" in content


def test_csv_of_the_schools_answers(client, target):
    """The CSV lists every question with the school's answer, labels not codes."""
    client.force_login(target.head)
    client.post(url(target), {**FIRST_SECTION, "action": "continue"})
    response = client.get(url(target, "surveys:answers_csv"))
    body = b"".join(response.streaming_content).decode()
    assert "connexion;Par quel moyen ?;Fibre" in body
    assert "tablettes;Combien de tablettes ?;12 tablettes" in body


def test_the_agency_reopens_a_submitted_response(client, world, target):
    """After reopening, the school's heads can change their answers again."""
    response = ResponseFactory(campaign=target.campaign, organisation=target.organisation, status="submitted")
    client.force_login(world.agency_staff)
    client.post(reverse("surveys:reopen", args=[target.campaign.pk, response.pk]))
    response.refresh_from_db()
    assert response.status == "draft"
    client.force_login(target.head)
    assert client.get(url(target)).status_code == 200


@pytest.mark.parametrize("partie", ["0", "3", "x"])
def test_a_section_out_of_range_is_a_404(client, target, partie):
    """Only the questionnaire's parts exist."""
    client.force_login(target.head)
    assert client.get(url(target) + f"?partie={partie}").status_code == 404


def test_the_manager_space_and_the_dashboard_show_the_campaign(client, target):
    """The head sees the campaign in the school's Enquêtes tab and on /mon-espace/."""
    client.force_login(target.head)
    tab = client.get(reverse("surveys:organisation_surveys", args=[target.organisation.slug])).content.decode()
    assert url(target) in tab
    assert 'aria-current="page">Enquêtes</a>' in tab
    dashboard = client.get("/mon-espace/").content.decode()
    assert url(target) in dashboard
    assert "à remplir" in dashboard
