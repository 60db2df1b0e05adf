"""The page tree, the editor forms, and the editorial roles."""

from django.contrib.auth.models import Group

from wagtail.models import Page, Workflow
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from cms.models import CourseIndexPage, CoursePage, HomePage, ModulePage
from courses.models import Course, Module
from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory


def list_item(value: dict, order: int) -> dict:
    """One item of a ListBlock, as the admin form posts it."""
    return {"deleted": "", "order": order, "id": "", "value": value}


def quiz_form_value(prompt: str, choices: list[tuple[str, bool]], feedback: str) -> dict:
    """A one-question quiz block, as the admin form posts it."""
    return {
        "title": "Testez-vous",
        "questions": {
            "count": 1,
            "0": list_item(
                {
                    "prompt": prompt,
                    "multiple": "",
                    "choices": {
                        "count": len(choices),
                        **{
                            str(n): list_item({"text": text, "correct": "on" if correct else ""}, n)
                            for n, (text, correct) in enumerate(choices)
                        },
                    },
                    "feedback": feedback,
                },
                0,
            ),
        },
    }


class PageTreeTests(WagtailPageTestCase):
    def test_editors_can_build_only_the_course_tree(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, ModulePage)
        for parent, child in [
            (HomePage, CoursePage),
            (HomePage, ModulePage),
            (CourseIndexPage, ModulePage),
            (CourseIndexPage, CourseIndexPage),
            (CoursePage, CoursePage),
            (ModulePage, ModulePage),
            (ModulePage, CoursePage),
            (Page, CoursePage),
        ]:
            self.assertCanNotCreateAt(parent, child)
        self.assertAllowedSubpageTypes(ModulePage, set())

    def test_a_course_and_a_module_are_created_through_the_editor_forms(self):
        """The admin's own forms, as an editor submits them; publishing fills the tracking rows."""
        # Wagtail's login() signs in a user with an unconfirmed address, which the backend refuses.
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))
        index = CourseIndexPage.objects.get()
        course_data = nested_form_data(
            {
                "title": "Protéger les données des élèves",
                "slug": "proteger-donnees-eleves",
                "summary": "Les bons réflexes RGPD en classe.",
                "level": "discovery",
                "estimated_minutes": 60,
                "objectives": rich_text("<ul><li>Choisir un outil conforme</li></ul>"),
                "prerequisites": "",
                "cover_alt": "",
                "pass_mark": 75,
                "certificate_validity_months": "",
                "authors": inline_formset([{"name": "Claire Dumas", "role": "Formatrice"}]),
            }
        )
        course_data["audiences"] = ["teacher"]  # a multiple choice, posted as a list
        self.assertCanCreate(index, CoursePage, course_data)
        course_page = CoursePage.objects.get(slug="proteger-donnees-eleves")
        assert course_page.course.pass_mark == 75
        assert list(course_page.course.audiences.values_list("code", flat=True)) == ["teacher"]
        self.assertCanCreate(
            course_page,
            ModulePage,
            nested_form_data(
                {
                    "title": "Le RGPD en trois questions",
                    "slug": "rgpd-trois-questions",
                    "is_required": "on",
                    "estimated_minutes": 15,
                    "body": streamfield(
                        [
                            ("heading", {"text": "Pourquoi ?", "level": "h2"}),
                            ("paragraph", rich_text("<p>Les données des élèves sont protégées.</p>")),
                            (
                                "quiz",
                                quiz_form_value(
                                    "Un ENT est-il soumis au RGPD ?",
                                    [("Oui", True), ("Non", False)],
                                    "Oui : il traite des données personnelles.",
                                ),
                            ),
                        ]
                    ),
                }
            ),
        )
        module = Module.objects.get(source_page_id=ModulePage.objects.get(slug="rgpd-trois-questions").pk)
        (quiz,) = module.quiz_key.values()
        (question,) = quiz["questions"]
        assert len(question["choices"]) == 2 and len(question["correct"]) == 1
        assert question["correct"][0] == question["choices"][0]
        assert question["feedback"] == "Oui : il traite des données personnelles."


@pytest.mark.django_db
def test_quiz_questions_need_a_consistent_answer_key():
    """No right answer, or two right answers on a one-answer question, is refused."""
    from django.core.exceptions import ValidationError

    from cms.blocks import QuizQuestionBlock

    block = QuizQuestionBlock()
    for choices, multiple in [([("A", False), ("B", False)], False), ([("A", True), ("B", True)], False)]:
        value = block.to_python(
            {
                "prompt": "?",
                "multiple": multiple,
                "choices": [{"text": text, "correct": correct} for text, correct in choices],
                "feedback": "",
            }
        )
        with pytest.raises(ValidationError):
            block.clean(value)
    ok = block.to_python(
        {"prompt": "?", "multiple": True, "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True}]}
    )
    assert block.clean(ok)


@pytest.mark.django_db
def test_a_sub_heading_needs_a_section_heading_first():
    from django.core.exceptions import ValidationError

    from cms.blocks import ModuleBodyBlock

    block = ModuleBodyBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python([{"type": "heading", "value": {"text": "Détail", "level": "h3"}}]))
    assert block.clean(
        block.to_python(
            [
                {"type": "heading", "value": {"text": "Section", "level": "h2"}},
                {"type": "heading", "value": {"text": "Détail", "level": "h3"}},
            ]
        )
    )


DIRTY = '<p onclick="x()">Lire <a href="javascript:alert(1)">ici</a></p><script>alert(1)</script>'


@pytest.mark.django_db
def test_rich_text_is_cleaned_before_it_is_stored():
    from wagtail.rich_text import RichText

    page = ModulePageFactory(body=[("paragraph", RichText(DIRTY))])
    stored = ModulePage.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert stored == "<p>Lire <a>ici</a></p>"


@pytest.mark.django_db
def test_raw_rich_text_is_cleaned_when_read(client):
    """Raw data written around the editor (a script, an import) is still cleaned on display."""
    page = ModulePageFactory(body=[{"type": "paragraph", "value": DIRTY}])
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Lire <a>ici</a>" in html
    assert "alert(1)" not in html and "onclick" not in html


@pytest.mark.django_db
def test_a_cover_image_needs_its_alt_text():
    from django.core.exceptions import ValidationError

    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Couverture", file=get_test_image_file())
    with pytest.raises(ValidationError) as error:
        CoursePageFactory(cover_image=image, cover_alt="")
    assert "cover_alt" in error.value.message_dict
    assert CoursePageFactory(cover_image=image, cover_alt="Une mère et sa fille devant une tablette").pk


@pytest.mark.django_db
class TestEditorialRoles:
    @pytest.fixture
    def trainer(self):
        user = UserFactory()
        user.groups.add(Group.objects.get(name="Formateurs"))
        return user

    @pytest.fixture
    def moderator(self):
        user = UserFactory()
        user.groups.add(Group.objects.get(name="Modérateurs"))
        return user

    def test_trainers_write_but_cannot_publish(self, trainer):
        course_page = CoursePageFactory()
        permissions = course_page.permissions_for_user(trainer)
        assert permissions.can_edit() and permissions.can_add_subpage()
        assert not permissions.can_publish()
        assert not CourseIndexPage.objects.get().get_parent().permissions_for_user(trainer).can_edit()

    def test_trainers_cannot_list_users_or_reach_settings(self, client, trainer):
        client.force_login(trainer)
        assert client.get("/admin/").status_code == 200
        for path in ["/admin/users/", "/admin/groups/", "/admin/sites/", "/admin/workflows/list/"]:
            response = client.get(path)
            assert response.status_code in (302, 403), path
            if response.status_code == 302:
                assert response["Location"] == "/admin/", path

    def test_moderators_publish(self, moderator):
        permissions = CoursePageFactory().permissions_for_user(moderator)
        assert permissions.can_publish()

    def test_the_review_workflow_covers_the_catalogue(self):
        course_page = CoursePageFactory()
        workflow = course_page.get_workflow()
        assert workflow.name == "Relecture des formations"
        (task,) = [task.specific for task in workflow.tasks]
        assert [group.name for group in task.groups.all()] == ["Modérateurs"]
        assert Workflow.objects.filter(name="Relecture des formations").count() == 1

    def test_approval_publishes_into_tracking(self, trainer, moderator):
        """The trainer submits; the moderator approves; the approval publishes, the rows follow."""
        course_page = CoursePageFactory(live=False)
        course_page.save_revision(user=trainer)
        workflow_state = course_page.get_workflow().start(course_page, trainer)
        assert not Course.objects.exists()
        task_state = workflow_state.current_task_state
        task = task_state.task.specific
        assert (
            not task.user_can_access_editor(course_page, trainer)
            or not course_page.permissions_for_user(trainer).can_publish()
        )
        task.on_action(task_state, moderator, "approve")
        course_page.refresh_from_db()
        assert course_page.live
        assert Course.objects.get(source_page_id=course_page.pk).is_published


@pytest.mark.django_db
def test_trainers_preview_a_new_module_as_a_learner_would(client):
    """The preview renders the public template, quiz included and answers excluded."""
    from django.urls import reverse

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    course_page = CoursePageFactory()
    course_page.save_revision().publish()
    url = reverse("wagtailadmin_pages:preview_on_add", args=("cms", "modulepage", course_page.pk))
    data = nested_form_data(
        {
            "title": "Aperçu du module",
            "slug": "apercu",
            "estimated_minutes": 10,
            "body": streamfield(
                [
                    (
                        "quiz",
                        quiz_form_value(
                            "Une question d'aperçu ?", [("Oui", True), ("Non", False)], "Explication secrète"
                        ),
                    )
                ]
            ),
        }
    )
    assert client.post(url, data).json()["is_valid"] is True
    html = client.get(url).content.decode()
    assert "Aperçu du module" in html and "Une question d&#x27;aperçu ?" in html
    assert "Explication secrète" not in html
    assert not ModulePage.objects.filter(slug="apercu").exists()
