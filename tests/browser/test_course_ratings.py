"""Learners rate their courses, in Chromium (issue 31): parent@exemple.fr finishes the parents'
course, answers its satisfaction survey and the "after" self-assessment; formatrice@exemple.fr
sees the course's results in the admin, SVG charts with their tables; the Ardèche workshops
course, with 3 answers, shows the threshold message. Axe on every page; screenshots at 320 px
and on a desktop under /tmp/s31-*.png."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from courses.models import Module

pytestmark = pytest.mark.browser

COURSE = "/formations/accompagner-son-enfant-sur-internet/"
TITLE = "Accompagner son enfant sur Internet"
WORKSHOPS = "Organiser des ateliers numériques pour les familles en Ardèche"


def shoot(page, name: str, height: int = 900) -> None:
    """The admin scrolls inside its own frame: a tall window shows the whole page."""
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(tempfile.gettempdir()) / f"s31-{name}-{width}.png"), full_page=True)


def scale(page, key: str, value: str) -> None:
    page.locator(f"#q-{key}").get_by_label(value, exact=True).check()


def test_a_parent_rates_the_course_and_the_trainer_reads_the_results(page_as, page_for, demo_data, axe):
    from cms.models import CoursePage
    from lms.accounts.models import User
    from surveys.models import CourseAnswerMarker, CourseSheet

    page = page_as("parent", COURSE)
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_role("link", name="Dire ce que je sais faire avant de commencer")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Commencer", exact=True).click()
    for module in Module.objects.published().filter(course__title=TITLE):
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        for quiz_id, key in module.quiz_key.items():
            for question in key["questions"]:
                for choice_id in question["correct"]:
                    page.locator(f"#c-{choice_id}").check()
            page.locator(f"#quiz-{quiz_id}").get_by_role("button", name="Valider mes réponses").click()
        link = page.get_by_role("link", name=re.compile("Module suivant"))
        if link.count():
            link.click()
    expect(page.get_by_text(f"Bravo, vous avez terminé « {TITLE} » !")).to_be_visible()

    page.goto(demo_data.url + COURSE)
    offer = page.get_by_role("link", name="Donner mon avis sur la formation")
    expect(offer).to_be_visible()
    axe(page)
    shoot(page, "course-offers")
    offer.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre avis sur la formation")
    page.get_by_role("button", name="Envoyer mes réponses").click()  # nothing chosen: messages by the questions
    expect(page.locator("#q-clarte_erreurs")).to_have_text("Choisissez une réponse.")
    axe(page)
    scale(page, "clarte", "5")
    scale(page, "utilite", "4")
    page.locator("#q-duree").get_by_label("Adaptée").check()
    page.locator("#q-recommande").get_by_label("Oui").check()
    page.get_by_label("Un commentaire, une suggestion ?").fill("Clair et concret.")
    shoot(page, "satisfaction-form")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées, sans votre nom.")).to_be_visible()
    page.get_by_role("link", name="Dire ce que je sais faire maintenant").click()
    axe(page)
    for key in ("sait_trouver", "sait_faire", "sait_risques", "sait_expliquer"):
        scale(page, key, "4")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées, sans votre nom.")).to_be_visible()
    expect(page.get_by_text("répondu, merci !")).to_have_count(2)
    axe(page)
    parent = User.objects.get(email="parent@exemple.fr")
    assert set(CourseAnswerMarker.objects.filter(user=parent).values_list("kind", flat=True)) == {
        "satisfaction",
        "after",
    }
    assert CourseSheet.objects.filter(course__title=TITLE, kind="satisfaction").count() == 13

    trainer = User.objects.get(email="formatrice@exemple.fr")
    course_page = CoursePage.objects.get(course__title=TITLE, alias_of__isnull=True)
    admin = page_for(trainer, f"/admin/pages/{course_page.pk}/edit/")
    admin.locator("header").get_by_role("link", name="Statistiques", exact=True).click()
    expect(admin.get_by_role("heading", name="Avis des apprenants")).to_be_visible()
    expect(admin.get_by_text("13 apprenants ont répondu.")).to_be_visible()
    charts = admin.locator("figure.chart")
    expect(charts.locator("svg[role=img]")).to_have_count(4 + 4)  # satisfaction's 4 figures, 4 statements
    # The kit's stylesheet reaches the admin: bars in the series' colours, before and after apart.
    expect(admin.locator("rect.chart-bar--s0").first).to_have_css("fill", "rgb(11, 85, 99)")
    expect(admin.locator("rect.chart-bar--s1").first).to_have_css("fill", "rgb(208, 112, 15)")
    statement = charts.filter(has_text="Je sais faire sans aide ce que présente la formation.")
    expect(statement.locator(".chart-legend li")).to_have_text(["Avant", "Après"])
    statement.locator("summary").click()
    expect(statement.get_by_role("columnheader")).to_have_text(["Note (1 à 5)", "Avant", "Après"])
    expect(admin.get_by_text("Clair et concret.")).to_be_visible()
    # The comparison in one sentence, under the chart's title.
    expect(statement.locator("figcaption")).to_contain_text(re.compile(r"Avant la formation, \d+ % répondent 4 ou 5"))
    axe(admin)
    shoot(admin, "admin-results", height=9000)

    workshops = CoursePage.objects.get(course__title=WORKSHOPS, alias_of__isnull=True)
    admin.goto(f"{demo_data.url}/admin/formations/{workshops.pk}/statistiques/")
    expect(admin.get_by_text(re.compile("^Pas encore assez de réponses"))).to_be_visible()
    expect(admin.locator("figure.chart")).to_have_count(0)
    axe(admin)
    shoot(admin, "admin-threshold", height=3000)
