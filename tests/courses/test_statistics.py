"""The trainers' report in the Wagtail admin: figures only, fixed queries, editors only."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.selectors import course_statistics
from courses.services.enrolments import enrolment_create, enrolment_withdraw
from courses.services.progress import module_completion_record, quiz_attempt_submit
from tests.courses.conftest import right_answers, wrong_answers
from tests.factories import UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def learners(published, count):
    people = [UserFactory(audiences=["parent"], first_name=f"Nom{n}", last_name=f"Secret{n}") for n in range(count)]
    for number, person in enumerate(people):
        enrolment = enrolment_create(user=person, course=published.course)
        module_completion_record(enrolment=enrolment, module=published.reading)
        answers = right_answers(published) if number % 2 == 0 else wrong_answers(published)
        quiz_attempt_submit(enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=answers)
        if number == 1:
            enrolment_withdraw(enrolment=enrolment)
    return people


def test_figures(published):
    learners(published, 4)  # 0 and 2 pass, 1 fails and withdraws, 3 fails
    figures = course_statistics(published.course)
    assert (figures["enrolled"], figures["active"], figures["completed"], figures["withdrawn"]) == (4, 1, 2, 1)
    assert figures["completion_rate"] == 50
    reading, quiz, optional = figures["modules"]
    assert (reading.completed, quiz.completed, optional.completed) == (4, 2, 0)
    assert [(q.number, q.answered, q.right, q.percent) for q in quiz.questions] == [(1, 4, 2, 50), (2, 4, 2, 50)]


@pytest.mark.parametrize("count", [2, 12])
def test_the_report_takes_a_fixed_number_of_queries(published, count):
    learners(published, count)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        course_statistics(published.course)
    assert len(queries) == 4


def test_trainers_see_the_report_without_names(client, published):
    learners(published, 2)
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    html = page_text(client.get(f"/admin/formations/{published.course_page.pk}/statistiques/"))
    assert "Statistiques de la formation" in html and "Taux de réussite" in html
    assert "Secret0" not in html and "Nom1" not in html
    edit = page_text(client.get(f"/admin/pages/{published.course_page.pk}/edit/"))
    assert f"/admin/formations/{published.course_page.pk}/statistiques/" in edit


def test_others_get_a_404(client, published):
    """A learner is sent to the admin's sign-in; an admin user who cannot edit the course gets 404."""
    from django.contrib.auth.models import Permission

    url = f"/admin/formations/{published.course_page.pk}/statistiques/"
    client.force_login(UserFactory(audiences=["parent"]))
    assert client.get(url)["Location"].startswith("/admin/login/")
    admin_only = UserFactory()
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(admin_only)
    assert client.get(url).status_code == 404


def test_a_question_nobody_answered_says_so(client, published):
    """No answer yet reads "pas encore de réponse", not "0 % (0 sur 0 réponses)"."""
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    html = page_text(client.get(f"/admin/formations/{published.course_page.pk}/statistiques/"))
    assert "Question 1 : pas encore de réponse" in html
    assert "0 sur 0" not in html


def test_the_report_is_one_click_from_the_course_editors_header(client, published):
    """A "Statistiques" button in the course page's header (not only in its "…" menu), and a
    report titled by its course under Wagtail's breadcrumbs, not a lone "Accueil"."""
    import re

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    url = f"/admin/formations/{published.course_page.pk}/statistiques/"
    edit = client.get(f"/admin/pages/{published.course_page.pk}/edit/").content.decode()
    button = re.search(rf'<a[^>]*href="{url}"[^>]*>', edit)
    assert button and "w-header-button" in button.group(0)
    report = client.get(url).content.decode()
    assert f"<title>Statistiques de la formation: {published.course_page.title}" in report
    assert "w-breadcrumbs" in report and f"/admin/pages/{published.course_page.pk}/edit/" in report
