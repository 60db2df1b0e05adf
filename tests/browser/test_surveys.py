"""Usage surveys in Chromium: agence@exemple.fr opens a campaign of the default questionnaire for
the schools of Ardèche; directrice@exemple.fr is invited, answers half, leaves, comes back,
sees a conditional question appear, and sends; the agency sees the response rate rise. Axe on
every page; screenshots at 320 px and on a desktop."""

from django.core import mail

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
TITLE = "Enquête d'usages 2027 : écoles de l'Ardèche"


def check(page, question: str, label: str) -> None:
    page.locator(f"#q-{question}").get_by_label(label, exact=True).check()


def continue_(page) -> None:
    page.get_by_role("button", name="Enregistrer et continuer").click()


def test_agency_opens_a_campaign_and_the_school_answers_in_two_goes(demo_data, page_for, axe):
    from lms.accounts.models import User
    from lms.notifications.services.outbox import outbox_send

    agency_user = User.objects.get(email="agence@exemple.fr")
    head = User.objects.get(email="directrice@exemple.fr")

    agency = page_for(agency_user, "/enquetes/")
    axe(agency)
    agency.get_by_role("link", name="Ouvrir une campagne").click()
    axe(agency)
    agency.get_by_label("Questionnaire").select_option(label="Enquête d'usages du numérique à l'école (v1)")
    agency.get_by_label("Titre de la campagne").fill(TITLE)
    agency.get_by_label("Toutes les écoles et tous les établissements d'un département").check()
    agency.get_by_label("Département", exact=True).select_option(label="Ardèche (07)")
    agency.get_by_label("Message aux organisations").fill("Vingt minutes, en plusieurs fois si besoin.")
    agency.get_by_role("button", name="Ouvrir la campagne").click()
    expect(agency.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(agency.locator("#taux-global")).to_contain_text("0 %")
    axe(agency)

    outbox_send(limit=1000)
    assert any(head.email in m.to and TITLE in m.subject for m in mail.outbox)

    school = page_for(head, "/enquetes/")
    axe(school)
    school.get_by_role("link", name=TITLE).click()
    expect(school.get_by_role("heading", level=2, name="Partie 1 sur 7 : Votre école")).to_be_visible()
    axe(school)
    continue_(school)  # nothing filled: French messages next to the questions
    expect(school.locator("#q-nb_classes_erreurs")).to_have_text("Cette question demande une réponse.")
    axe(school)
    school.locator("#q-nb_classes").fill("6")
    school.locator("#q-nb_eleves").fill("138")
    for cycle in ("Cycle 2 (CP à CE2)", "Cycle 3 (CM1, CM2)"):
        check(school, "cycles", cycle)
    continue_(school)
    school.locator("#q-ecrans_interactifs").fill("4")
    school.locator("#q-tablettes").fill("12")
    school.locator("#q-ordinateurs").fill("5")
    check(school, "age_materiel", "De 3 à 6 ans")
    check(school, "etat_materiel", "3")
    # Half done: she saves and leaves.
    school.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    expect(school.get_by_text("Vos réponses sont enregistrées")).to_be_visible()

    # Back later: the questionnaire opens where she left it; the way of connecting appears on "Oui".
    school.get_by_role("link", name=TITLE).click()
    expect(school.get_by_role("heading", level=2, name="Partie 3 sur 7 : Connexion à internet")).to_be_visible()
    expect(school.locator("#q-connexion")).to_be_hidden()
    check(school, "connectee", "Oui")
    expect(school.locator("#q-connexion")).to_be_visible()
    axe(school)
    for name, size in VIEWPORTS.items():
        school.set_viewport_size(size)
        assert school.evaluate("document.documentElement.scrollWidth") <= size["width"]
        school.screenshot(path=f"/tmp/h27-surveys-answer-{name}.png", full_page=True)  # noqa: S108
    check(school, "connexion", "Par la fibre")
    check(school, "debit_ressenti", "4")
    check(school, "wifi_classes", "Certaines")
    continue_(school)
    check(school, "ent", "Oui")
    for question in ("ent_enseignants", "ent_eleves", "ent_familles"):
        check(school, question, "Chaque semaine")
    continue_(school)
    # Cycle 1 was not ticked: its question is not asked.
    expect(school.locator("#q-usage_cycle1")).to_have_count(0)
    check(school, "usage_cycle2", "Chaque mois")
    check(school, "usage_cycle3", "Chaque semaine")
    continue_(school)
    check(school, "assistance_qui", "Les services de la commune ou de l'intercommunalité")
    check(school, "assistance_delai", "Dans la semaine")
    continue_(school)
    check(school, "obstacles", "Manque de temps pour préparer")
    check(school, "besoins_formation", "Citoyenneté numérique")
    continue_(school)
    expect(school.get_by_role("heading", level=1)).to_have_text("Relire et envoyer")
    axe(school)
    school.get_by_role("button", name="Envoyer les réponses").click()
    expect(school.get_by_text("Merci : vos réponses sont envoyées.")).to_be_visible()
    expect(school.get_by_text("moins de 3 réponses").first).to_be_visible()
    axe(school)
    results_path = school.url.removeprefix(demo_data.url)

    agency.reload()
    # 35 schools answered last year's campaigns; a 36th (Sarras) never answered this year's.
    expect(agency.locator("#taux-global")).to_contain_text("Organisations ciblées : 36 ; réponses envoyées : 1")
    expect(agency.locator("#taux-global")).to_contain_text("3 %")

    # Screenshots of the answering, results and follow-up pages at 320 px and on a desktop.
    campaign_path = agency.url.removeprefix(demo_data.url)
    for name, size in VIEWPORTS.items():
        for page, label, path in (
            (agency, "follow", campaign_path),
            (school, "results", results_path),
            (agency, "form", "/enquetes/nouvelle/"),
        ):
            page.set_viewport_size(size)
            page.goto(demo_data.url + path)
            axe(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            page.screenshot(path=f"/tmp/h27-surveys-{label}-{name}.png", full_page=True)  # noqa: S108
