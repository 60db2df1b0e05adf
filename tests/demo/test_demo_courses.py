"""The real demo courses: valid files, one per audience and one for Ardèche, loaded once."""

import json

from django.core.management import call_command

import pytest

from cms.models import CoursePage, ModulePage
from courses.models import Competence, Course, Module, Theme
from demo.courses import CONTENT_DIR, course_data_errors, course_files, demo_courses_load

pytestmark = pytest.mark.django_db


def test_every_course_file_is_valid_and_substantial():
    files = course_files()
    assert len(files) >= 5
    for course_file in files:
        assert course_data_errors(course_file.data) == [], course_file.path.name
        words = sum(
            len(str(block["value"]).split())
            for module in course_file.data["modules"]
            for block in module["body"]
            if block["type"] in ("paragraph", "callout")
        )
        assert words >= 2000, f"{course_file.path.name}: {words} words of text"


def test_one_course_per_audience_and_one_for_ardeche():
    courses = [course_file.data for course_file in course_files()]
    for audience in ("teacher", "parent", "elected", "agent"):
        assert any(audience in course["audiences"] for course in courses), audience
    assert any(course["territory"] == {"kind": "departement", "code": "07"} for course in courses)


def test_seed_demo_publishes_the_courses_once(settings):
    call_command("seed_demo")
    files = course_files()
    expected_modules = sum(len(course_file.data["modules"]) for course_file in files)
    counts = (CoursePage.objects.live().count(), ModulePage.objects.live().count())
    assert counts == (len(files), expected_modules)
    assert Course.objects.filter(is_published=True).count() == len(files)
    assert Module.objects.filter(is_published=True).count() == expected_modules
    assert Module.objects.exclude(quiz_key={}).count() >= len(files)
    for page in ModulePage.objects.all():
        # The answer key names the questions and choices the page renders, after a fresh load.
        page = ModulePage.objects.get(pk=page.pk)
        rendered = {
            (question.id, tuple(choice.id for choice in question.value["choices"].bound_blocks))
            for block in page.body
            if block.block_type == "quiz"
            for question in block.value["questions"].bound_blocks
        }
        keyed = {
            (question["id"], tuple(question["choices"]))
            for quiz in page.module.quiz_key.values()
            for question in quiz["questions"]
        }
        assert rendered == keyed, page.title
    call_command("seed_demo")
    assert (CoursePage.objects.count(), ModulePage.objects.count()) == counts
    assert Course.objects.count() == len(files)
    ardeche = CoursePage.objects.get(territory__code="07")
    assert ardeche.course.territory.code == "07"


def theme_competences() -> dict[str, list[str]]:
    return {
        theme.slug: [competence.code for competence in theme.competences.all()]
        for theme in Theme.objects.prefetch_related("competences")
    }


def test_demo_themes_list_their_crcn_competences():
    """seed_demo gives each demo theme the CRCN competences of themes.json; a demo database
    seeded before themes had competences gets them at the next run, and an editor's later
    choice is kept."""
    listed = json.loads((CONTENT_DIR / "themes.json").read_text(encoding="utf-8"))
    expected = {item["slug"]: sorted(item["competences"]) for item in listed}
    assert all(expected.values())
    call_command("seed_demo")
    assert theme_competences() == expected
    for theme in Theme.objects.all():  # as on a demo database seeded before this change
        theme.competences.clear()
    edited = Theme.objects.get(slug="pedagogie-numerique")
    edited.competences.set([Competence.objects.get(code="3.4")])
    demo_courses_load()  # what seed_demo runs again
    assert theme_competences() == {**expected, "pedagogie-numerique": ["3.4"]}
