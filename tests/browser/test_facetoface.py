"""Blended training in Chromium: the mayor finds a trainer, creates a session at the town hall and
registers the agent; the agent downloads the calendar file; a second learner takes the last seat,
a third waits, and is promoted when the second cancels. Axe on every page; screenshots at 320 px
and on a desktop."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
TITLE = "Parents et écrans : atelier en mairie"


def uids(data: bytes) -> list[str]:
    return sorted(str(event["UID"]) for event in icalendar.Calendar.from_ical(data).events)


def test_mayor_creates_a_session_and_the_waiting_list_moves(demo_data, page_for, axe):
    from facetoface.models import Registration
    from lms.accounts.models import User
    from lms.notifications.services.outbox import outbox_send

    mayor = User.objects.get(email="maire@exemple.fr")
    agent = User.objects.get(email="agent@exemple.fr")
    second = User.objects.get(login_id="nathalie.roux-privas")
    third = User.objects.get(login_id="julien.faure-privas")

    # The pool: a trainer for "Parentalité numérique" covering Ardèche.
    page = page_for(mayor, "/formateurs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vivier de formateurs")
    page.get_by_label("Thème").select_option(label="Parentalité numérique")
    page.get_by_label("Territoire couvert").fill("07")
    page.get_by_role("button", name="Chercher").click()
    expect(page.get_by_role("link", name="Nadia Berger")).to_be_visible()
    expect(page.get_by_role("link", name="Romain Lefèvre")).to_have_count(0)
    axe(page)

    # A session at the town hall: two half-days, two seats, Nadia Berger.
    page.goto(demo_data.url + "/organisations/mairie-de-privas/sessions/")
    axe(page)
    page.get_by_role("link", name="Créer une session").click()
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    deadline = (timezone.localdate() + timedelta(days=8)).isoformat() + "T18:00"
    page.get_by_label("Formation").select_option(label="Organiser des ateliers numériques pour les familles en Ardèche")
    page.get_by_label("Intitulé").fill(TITLE)
    page.get_by_label("Lieu (organisation)").select_option(label="Mairie de Privas")
    for index, (start, end) in enumerate([("09:00", "12:00"), ("14:00", "17:00")]):
        page.locator(f"#id_creneaux-{index}-day").fill(day)
        page.locator(f"#id_creneaux-{index}-start").fill(start)
        page.locator(f"#id_creneaux-{index}-end").fill(end)
    page.get_by_label("Nadia Berger").check()
    page.get_by_label("Nombre de places").fill("2")
    page.get_by_label("Date limite d'inscription").fill(deadline)
    axe(page)
    page.get_by_role("button", name="Enregistrer la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("2 places restantes")).to_be_visible()
    session_path = page.url.removeprefix(demo_data.url)

    # The mayor registers the agent from the Sessions tab.
    page.goto(demo_data.url + "/organisations/mairie-de-privas/sessions/")
    page.get_by_role("link", name=f"Inscrire des membres — {TITLE}").click()
    page.get_by_label("Ange Agent").check()
    axe(page)
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_text("1 personne inscrite.")).to_be_visible()

    # The agent sees it on /mon-espace/ and downloads the same file as the e-mail carries.
    agent_page = page_for(agent, "/mon-espace/")
    expect(agent_page.get_by_role("heading", name="Mes sessions")).to_be_visible()
    axe(agent_page)
    with agent_page.expect_download() as download:
        agent_page.get_by_role("link", name=f"Ajouter à mon agenda — {TITLE}").click()
    downloaded = download.value.path().read_bytes()
    assert len(uids(downloaded)) == 2
    outbox_send(limit=1000)  # sent already if the tasks run synchronously; else now
    confirmation = next(m for m in mail.outbox if agent.email in m.to and TITLE in m.subject)
    filename, content, _mimetype = confirmation.attachments[0]
    assert filename == "session.ics" and uids(content) == uids(downloaded)

    # A second learner takes the last seat; a third lands on the waiting list.
    second_page = page_for(second, session_path)
    second_page.get_by_role("button", name="M'inscrire").click()
    expect(second_page.get_by_text("Vous êtes inscrit(e)")).to_be_visible()
    third_page = page_for(third, session_path)
    expect(third_page.get_by_text("Complet : liste d'attente")).to_be_visible()
    third_page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    expect(third_page.get_by_text("vous êtes sur la liste d'attente")).to_be_visible()
    axe(third_page)

    # The second cancels; the third is promoted and told.
    second_page.get_by_role("link", name="Me désinscrire").click()
    axe(second_page)
    second_page.get_by_role("button", name="Confirmer ma désinscription").click()
    expect(second_page.get_by_text("Votre désinscription est enregistrée.")).to_be_visible()
    registration = Registration.objects.get(user=third, session__title=TITLE)
    assert registration.status == "confirmed"
    outbox_send(limit=1000)
    assert any(third.email in m.to and "Une place s'est libérée" in m.subject for m in mail.outbox)
    third_page.reload()
    expect(third_page.get_by_text("Votre inscription : confirmée")).to_be_visible()

    # The listing and the session page at 320 px and on a desktop.
    for name, size in VIEWPORTS.items():
        for label, path in (("sessions", "/sessions/"), ("session", session_path)):
            third_page.set_viewport_size(size)
            third_page.goto(demo_data.url + path)
            axe(third_page)
            assert third_page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            # The lead looks at these after the run (COMMON.md): a fixed, known place on purpose.
            third_page.screenshot(path=f"/tmp/f2f-{label}-{name}.png", full_page=True)  # noqa: S108
