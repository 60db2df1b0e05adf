"""Issue 33 in Chromium, as two whole journeys. The mayor makes a group, follows it in Suivi,
opens a person's page and sends a reminder (once a day), then deletes the group after
confirming. The agent browses the catalogue with its covers, a course and a module with their
side column, finds their dates in /mon-espace/'s calendar and subscribes to its .ics feed,
which parses back and stops working once renewed. axe on every page; no page wider than 320 px;
screenshots at 320 px and on a desktop in PASSERELLE_ISSUE33_SCREENSHOTS when set."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = os.environ.get("PASSERELLE_ISSUE33_SCREENSHOTS")


def check(page, axe, name: str) -> None:
    """axe, then at 320 px and on a desktop: nothing wider than the window, and a screenshot."""
    axe(page)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"issue33-{name}-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], (name, label)
    page.set_viewport_size(DESKTOP)


def test_the_mayor_groups_follows_and_reminds(demo_data, page_as, axe):
    from courses.models import Enrolment
    from lms.accounts.models import User

    agent = User.objects.get(email="agent@exemple.fr")
    enrolment = Enrolment.objects.filter(user=agent, organisation__slug="mairie-de-privas", status="active").first()
    assert enrolment is not None, "the demo enrols the agent through the town hall"
    label = f"{agent.last_name.upper()} {agent.first_name}"

    page = page_as("maire", "/organisations/mairie-de-privas/groupes/")
    expect(page.get_by_role("heading", level=2, name="Groupes de membres")).to_be_visible()
    page.get_by_label("Nom du groupe").fill("Agents des écoles")
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Créer le groupe").click()
    expect(page.get_by_text("Le groupe « Agents des écoles » est créé.")).to_be_visible()
    check(page, axe, "groups")

    # The demo commune already has a group (Service enfance): act on the new one's card.
    card = page.locator(".card", has=page.get_by_role("heading", name="Agents des écoles"))
    card.get_by_role("link", name="Suivi du groupe").click()
    expect(page.get_by_role("heading", name="Suivi par formation · groupe « Agents des écoles »")).to_be_visible()
    check(page, axe, "suivi-group")
    page.get_by_role("link", name=str(agent)).click()
    expect(page.get_by_role("heading", level=2, name=str(agent))).to_be_visible()
    expect(page.get_by_text("Rappels envoyés").first).to_be_visible()
    check(page, axe, "person")

    page.get_by_role("link", name=f"Relancer — {enrolment.course.title}").click()
    check(page, axe, "nudge-confirm")
    page.get_by_role("button", name="Envoyer la relance").click()
    expect(page.get_by_text(f"Relance envoyée à {agent}")).to_be_visible()
    page.get_by_role("link", name=f"Relancer — {enrolment.course.title}").click()
    page.get_by_role("button", name="Envoyer la relance").click()
    expect(page.get_by_text("Une relance est déjà partie aujourd'hui")).to_be_visible()

    page.get_by_role("link", name="Journal").click()
    expect(
        page.get_by_role("cell", name=f"Relance envoyée à {agent} pour « {enrolment.course.title} ».")
    ).to_have_count(1)

    page.get_by_role("link", name="Groupes").click()
    page.get_by_role("link", name="Supprimer le groupe Agents des écoles").click()
    check(page, axe, "group-delete")
    page.get_by_role("button", name="Supprimer le groupe").click()
    expect(page.get_by_text("Le groupe « Agents des écoles » est supprimé.")).to_be_visible()
    expect(page.get_by_role("heading", name="Agents des écoles")).to_have_count(0)
    expect(page.get_by_role("heading", name="Service enfance")).to_be_visible()


def test_the_agent_browses_the_catalogue_and_subscribes_to_their_calendar(demo_data, page_as, axe):
    from courses.models import Enrolment
    from lms.accounts.models import User

    agent = User.objects.get(email="agent@exemple.fr")
    enrolment = Enrolment.objects.filter(user=agent, status="active").select_related("course").first()
    due = timezone.localdate() + timedelta(days=12)
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=due)

    page = page_as("agent", "/formations/")
    covers = page.locator("img.course-card__cover")
    expect(covers.first).to_be_visible()
    assert all(alt.strip() for alt in covers.evaluate_all("images => images.map(image => image.alt)"))
    check(page, axe, "catalogue")

    page.get_by_role("link", name=enrolment.course.title).first.click()
    programme = page.get_by_role("complementary", name="Programme")
    expect(programme).to_be_visible()
    check(page, axe, "course")
    programme.get_by_role("link").first.click()
    expect(page.get_by_role("complementary", name="Sommaire de la formation")).to_be_visible()
    check(page, axe, "module")

    page.goto(demo_data.url + "/mon-espace/")
    agenda = page.locator("section", has=page.get_by_role("heading", name="Mon agenda"))
    expect(agenda.get_by_role("link", name=enrolment.course.title)).to_be_visible()
    check(page, axe, "dashboard")

    agenda.get_by_role("link", name="Tout l'agenda, et l'ajouter à mon téléphone ou à Outlook").click()
    old_url = page.get_by_label("Adresse privée de mon agenda").input_value()
    check(page, axe, "calendar")
    feed = page.request.get(old_url)
    assert feed.ok
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert f"À terminer : {enrolment.course.title}" in {str(event["summary"]) for event in events}

    page.get_by_role("button", name="Créer une nouvelle adresse (l'ancienne cessera de fonctionner)").click()
    expect(page.get_by_text("Nouvelle adresse créée : l'ancienne ne fonctionne plus.")).to_be_visible()
    new_url = page.get_by_label("Adresse privée de mon agenda").input_value()
    assert new_url != old_url
    assert page.request.get(old_url).status == 404
    assert page.request.get(new_url).ok
