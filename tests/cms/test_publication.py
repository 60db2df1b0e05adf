"""Publishing content into tracking: publish, workflow approval, scheduled publishing, unpublish,
move and copy all keep courses.Course / courses.Module right (DESIGN.md §2)."""

from datetime import timedelta

from django.utils import timezone

import pytest

from cms.models import CoursePage, ModulePage
from cms.tasks import publish_scheduled
from courses.models import Course, Module
from lms.organisations.models import TerritoryKind
from lms.runtime.schedules import registered_schedules
from tests.factories import CoursePageFactory, ModulePageFactory, TerritoryFactory, ThemeFactory
from tests.factories.cms import paragraph_block, publish, quiz_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_page():
    departement = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche")
    page = CoursePageFactory(
        title="Les écrans en famille",
        slug="ecrans-en-famille",
        audiences=["parent", "teacher"],
        territory=departement,
        is_sequential=True,
        pass_mark=80,
        certificate_validity_months=24,
        estimated_minutes=75,
        live=False,
    )
    return page


def test_publishing_a_course_copies_its_rules(course_page):
    publish(course_page)
    course = Course.objects.get(source_page_id=course_page.pk)
    assert course_page.course == course
    assert (course.title, course.url) == ("Les écrans en famille", "/formations/ecrans-en-famille/")
    assert sorted(course.audiences.values_list("code", flat=True)) == ["parent", "teacher"]
    assert course.territory == course_page.territory
    assert (course.is_sequential, course.pass_mark, course.certificate_validity_months) == (True, 80, 24)
    assert course.estimated_minutes == 75
    assert course.is_published and course.first_published_at is not None


def test_republishing_updates_the_same_row(course_page):
    publish(course_page)
    course_page.title = "Les écrans en famille, sans stress"
    course_page.pass_mark = 60
    publish(course_page)
    assert Course.objects.count() == 1
    course = Course.objects.get()
    assert (course.title, course.pass_mark) == ("Les écrans en famille, sans stress", 60)


def test_publishing_copies_the_themes_onto_the_course(course_page):
    """The course's themes are copied at each publication, as its audiences are: a theme added
    or removed on the page reaches courses.Course only when the page is published."""
    ecrans, donnees, citoyennete = ThemeFactory(), ThemeFactory(), ThemeFactory()
    course_page.themes.set([ecrans, donnees])
    publish(course_page)
    course = Course.objects.get(source_page_id=course_page.pk)
    assert set(course.themes.all()) == {ecrans, donnees}
    course_page.themes.set([citoyennete])
    draft = course_page.save_revision()
    assert set(course.themes.all()) == {ecrans, donnees}, "a draft changes nothing"
    draft.publish()
    assert list(course.themes.all()) == [citoyennete]


def test_publishing_a_module_copies_order_and_the_quiz_answer_key(course_page):
    publish(course_page)
    quiz = quiz_block(
        [
            ("À quel âge un premier téléphone ?", [("Dès 6 ans", False), ("Pas avant 11 ans", True)], "Les pédiatres…"),
            ("Que régler d'abord ?", [("Le contrôle parental", True), ("Les horaires", True), ("Rien", False)], ""),
        ]
    )
    first = ModulePageFactory(parent=course_page, title="Repères", estimated_minutes=15, live=False)
    second = ModulePageFactory(
        parent=course_page,
        title="Réglages",
        is_required=False,
        estimated_minutes=25,
        body=[paragraph_block(), quiz],
        live=False,
    )
    publish(second)
    publish(first)
    repere, reglages = Module.objects.get(source_page_id=first.pk), Module.objects.get(source_page_id=second.pk)
    assert (repere.position, reglages.position) == (1, 2)
    assert repere.course == reglages.course == course_page.course
    assert (reglages.is_required, reglages.estimated_minutes) == (False, 25)
    assert reglages.url == "/formations/ecrans-en-famille/" + second.slug + "/"
    assert not repere.has_quiz
    key = reglages.quiz_key[quiz["id"]]
    questions = quiz["value"]["questions"]
    assert key["title"] == "Testez-vous"
    assert key["questions"][0] == {
        "id": questions[0]["id"],
        "multiple": False,
        "choices": [choice["id"] for choice in questions[0]["value"]["choices"]],
        "correct": [questions[0]["value"]["choices"][1]["id"]],
        "feedback": "Les pédiatres…",
    }
    assert key["questions"][1]["multiple"] is True
    assert len(key["questions"][1]["correct"]) == 2
    second.refresh_from_db()
    assert second.module == reglages


def test_a_module_published_before_its_course_creates_an_unpublished_course(course_page):
    module_page = ModulePageFactory(parent=course_page, live=False)
    publish(module_page)
    course = Course.objects.get(source_page_id=course_page.pk)
    assert not course.is_published
    assert Module.objects.get(source_page_id=module_page.pk).course == course
    publish(course_page)
    course.refresh_from_db()
    assert course.is_published and Course.objects.count() == 1


def test_unpublish_keeps_the_rows(course_page):
    publish(course_page)
    module_page = publish(ModulePageFactory(parent=course_page, live=False))
    module_page.unpublish()
    course_page.refresh_from_db()
    course_page.unpublish()
    course = Course.objects.get(source_page_id=course_page.pk)
    module = Module.objects.get(source_page_id=module_page.pk)
    assert not course.is_published and not module.is_published
    assert module.course == course


def test_scheduled_publishing_runs_from_the_schedule(course_page):
    """An approved go-live date in the past is published by the one-minute schedule's task."""
    assert "cms.publish_scheduled" in [task.name for task in registered_schedules()]
    course_page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = course_page.save_revision()
    revision.publish()
    course_page.refresh_from_db()
    assert not course_page.live and not Course.objects.filter(is_published=True).exists()
    # An hour later: the date has come.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled()
    course_page.refresh_from_db()
    assert course_page.live
    assert Course.objects.get(source_page_id=course_page.pk).is_published


def test_reordering_modules_updates_positions(course_page):
    publish(course_page)
    first = publish(ModulePageFactory(parent=course_page, live=False))
    second = publish(ModulePageFactory(parent=course_page, live=False))
    second.move(first, pos="left")
    positions = dict(Module.objects.values_list("source_page_id", "position"))
    assert positions == {second.pk: 1, first.pk: 2}


def test_moving_a_module_to_another_course_keeps_its_row(course_page):
    publish(course_page)
    other = publish(CoursePageFactory(slug="autre-formation", live=False))
    module_page = publish(ModulePageFactory(parent=course_page, slug="repere", live=False))
    module = Module.objects.get(source_page_id=module_page.pk)
    module_page.move(other, pos="last-child")
    module.refresh_from_db()
    assert module.course == other.course
    assert module.url == "/formations/autre-formation/repere/"
    assert Module.objects.count() == 1


def test_copying_a_course_makes_new_tracking_rows(course_page):
    """Copies never share the original's rows: `exclude_fields_in_copy`, then their own publish."""
    publish(course_page)
    publish(ModulePageFactory(parent=course_page, live=False))
    copy = course_page.copy(
        recursive=True, update_attrs={"slug": "ecrans-en-famille-copie", "title": "Copie"}, keep_live=True
    )
    copy = CoursePage.objects.get(pk=copy.pk)
    assert copy.course is not None and copy.course != course_page.course
    copied_module = ModulePage.objects.child_of(copy).get()
    assert copied_module.module is not None
    assert copied_module.module.course == copy.course
    assert Course.objects.count() == 2 and Module.objects.count() == 2
    course_page.refresh_from_db()
    assert Course.objects.get(source_page_id=course_page.pk) == course_page.course


def test_an_unpublished_copy_has_no_link():
    page = CoursePageFactory(live=True)
    publish(page)
    copy = page.copy(update_attrs={"slug": "copie-brouillon"}, keep_live=False)
    assert CoursePage.objects.get(pk=copy.pk).course is None


def test_an_alias_shares_the_course_of_its_original(course_page):
    """An alias shows the same content: it points at the same tracking row, never a second one."""
    publish(course_page)
    alias = course_page.create_alias(update_slug="alias-de-formation")
    assert Course.objects.count() == 1
    assert CoursePage.objects.get(pk=alias.pk).course == course_page.course


def test_deleting_a_live_course_in_the_admin_takes_it_out_of_the_catalogue(client, course_page):
    """Deleting unpublishes first (Wagtail's own pre_delete handler); the admin hook reconciles
    as well. Either way the rows, and the learners' progress, stay."""
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from tests.factories import UserFactory

    publish(course_page)
    module_page = publish(ModulePageFactory(parent=course_page, live=False))
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(moderator)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[course_page.pk]))
    assert response.status_code == 302
    assert not CoursePage.objects.filter(pk=course_page.pk).exists()
    course = Course.objects.get(source_page_id=course_page.pk)
    module = Module.objects.get(source_page_id=module_page.pk)
    assert not course.is_published and not module.is_published
    assert module.course == course


def test_renaming_a_course_moves_its_modules_addresses(course_page):
    publish(course_page)
    module_page = publish(ModulePageFactory(parent=course_page, slug="reperes", live=False))
    course_page.slug = "ecrans-en-famille-2"
    publish(course_page)
    assert Module.objects.get(source_page_id=module_page.pk).url == "/formations/ecrans-en-famille-2/reperes/"


def test_moving_an_alias_creates_no_course(course_page):
    publish(course_page)
    other = publish(CoursePageFactory(live=False))
    alias = course_page.create_alias(update_slug="alias-de-formation")
    alias.move(other, pos="right")
    assert not Course.objects.filter(source_page_id=alias.pk).exists()


def test_the_hourly_reconciliation_catches_what_a_signal_missed(course_page):
    from cms.tasks import tracking_reconcile

    publish(course_page)
    CoursePage.objects.filter(pk=course_page.pk).update(live=False)  # changed behind Wagtail's back
    tracking_reconcile()
    assert not Course.objects.get(source_page_id=course_page.pk).is_published
    assert "cms.tracking_reconcile" in [task.name for task in registered_schedules()]


def test_quiz_ids_written_without_ids_stay_stable(course_page, client, settings):
    """Raw data without list-item ids (imports, scripts) still gets ids stored once, so the
    answer key and the rendered form name the same questions."""
    settings.PASSERELLE_PAGE_CACHE = False
    raw_quiz = {
        "type": "quiz",
        "value": {
            "title": "Quiz",
            "questions": [
                {
                    "prompt": "Deux et deux ?",
                    "multiple": False,
                    "choices": [{"text": "4", "correct": True}, {"text": "5", "correct": False}],
                    "feedback": "",
                }
            ],
        },
    }
    publish(course_page)
    module_page = publish(ModulePageFactory(parent=course_page, body=[raw_quiz], live=False))
    module = Module.objects.get(source_page_id=module_page.pk)
    (key,) = module.quiz_key.values()
    question = key["questions"][0]
    html = client.get(module_page.url).content.decode()
    assert f'name="q-{question["id"]}"' in html
    assert all(f'value="{choice_id}"' in html for choice_id in question["choices"])
