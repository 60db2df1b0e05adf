"""The parent's whole journey in Chromium, checked with axe: enrol, read, fail then pass a
quiz, complete the course, and see each step on the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Enrolment, Module

pytestmark = pytest.mark.browser

COURSE = "/formations/accompagner-son-enfant-sur-internet/"


def answer(page, key: dict, *, right: bool) -> None:
    for question in key["questions"]:
        wanted = question["correct"] if right else [c for c in question["choices"] if c not in question["correct"]][:1]
        for choice_id in wanted:
            page.locator(f"#c-{choice_id}").check()


def test_parent_enrols_fails_then_passes_and_completes(page_as, axe):
    page = page_as("parent", COURSE)
    axe(page)
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_text("Inscription enregistrée pour « Accompagner son enfant sur Internet »")).to_be_visible()
    expect(page.get_by_text("Votre progression : 0 %")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Mon espace").click()
    expect(page.get_by_role("heading", name="Mes formations en cours")).to_be_visible()
    expect(page.get_by_text("Modules terminés : 0 sur 5")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Commencer — Accompagner son enfant sur Internet").click()

    modules = list(Module.objects.published().filter(course__title="Accompagner son enfant sur Internet"))
    for number, module in enumerate(modules, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        (quiz_id, key), *_others = module.quiz_key.items()
        quiz = page.locator(f"#quiz-{quiz_id}")
        if number == 1:
            answer(page, key, right=False)
            quiz.get_by_role("button", name="Valider mes réponses").click()
            expect(page.get_by_text(re.compile(r"Pas encore : \d+ % de bonnes réponses"))).to_be_visible()
            expect(quiz.get_by_text("Réponse incorrecte.").first).to_be_visible()
            axe(page)
            answer(page, key, right=True)
            quiz.get_by_role("button", name="Envoyer de nouvelles réponses").click()
            expect(page.get_by_text("Réussi : 100 % de bonnes réponses.")).to_be_visible()
            axe(page)
            page.get_by_role("link", name=re.compile("Module suivant")).click()
        else:
            answer(page, key, right=True)
            quiz.get_by_role("button", name="Valider mes réponses").click()
            if number < len(modules):
                expect(page.get_by_text("Réussi : 100 % de bonnes réponses.")).to_be_visible()
                page.get_by_role("link", name=re.compile("Module suivant")).click()

    expect(page.get_by_text("Bravo, vous avez terminé « Accompagner son enfant sur Internet » !")).to_be_visible()
    expect(page.get_by_role("heading", name="Formations terminées")).to_be_visible()
    axe(page)
    assert Enrolment.objects.get(user__email="parent@exemple.fr").status == "completed"
