"""The learner's answering page, the course page's offers, the completion e-mail, the admin's
statistics section and CSV, and the territory dashboard's section."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record, quiz_attempt_submit
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_send
from surveys.models import CourseAnswerMarker, CourseSheet, CourseSurvey
from tests.courses.conftest import build_course, right_answers
from tests.factories import TerritoryFactory, UserFactory
from tests.factories.surveys import LearnerQuestionnaireFactory
from tests.helpers.pages import page_text
from tests.surveys.course_ratings.test_results import sheets

pytestmark = pytest.mark.django_db

ANSWERS = {"clarte": "4", "utile": "5", "duree": "courte", "commentaire": "Bien."}


@pytest.fixture
def published():
    published = build_course()
    CourseSurvey.objects.create(
        course=published.course,
        satisfaction=LearnerQuestionnaireFactory(),
        self_assessment=LearnerQuestionnaireFactory(),
    )
    return published


def answer_url(course, slug):
    return reverse("surveys:course_answer", args=[course.pk, slug])


def finish(published, user):
    enrolment = enrolment_create(user=user, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    return enrolment


def test_before_is_offered_until_the_first_module_then_after_and_satisfaction(
    client, published, django_capture_on_commit_callbacks, mailoutbox
):
    """Enrolled: "before" only; once a module is done, nothing; finished: satisfaction and after."""
    learner = UserFactory(audiences=["parent"])
    client.force_login(learner)
    enrolment = enrolment_create(user=learner, course=published.course)
    page = page_text(client.get(published.course_page.url))
    assert "Dire ce que je sais faire avant de commencer" in page
    assert client.get(answer_url(published.course, "satisfaction")).status_code == 404
    assert client.get(answer_url(published.course, "avant")).status_code == 200
    module_completion_record(enrolment=enrolment, module=published.reading)
    assert client.get(answer_url(published.course, "avant")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        quiz_attempt_submit(
            enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
        )
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    page = page_text(client.get(published.course_page.url))
    assert "Donner mon avis sur la formation" in page and "Dire ce que je sais faire maintenant" in page
    # The completion e-mail offers them, and the attestation does not wait for them.
    message = OutboxMessage.objects.get(kind="surveys.course_feedback", recipient=learner)
    assert message.object_id == str(enrolment.pk)
    outbox_send(ids=[message.pk])
    (mail,) = [sent for sent in mailoutbox if sent.subject.startswith("Votre avis")]
    assert (
        answer_url(published.course, "satisfaction") in mail.body and answer_url(published.course, "apres") in mail.body
    )


def test_a_learner_answers_once_and_the_page_says_so(client, published):
    """The answer is stored anonymously; a second visit is sent back with a thank-you."""
    learner = UserFactory(audiences=["parent"])
    finish(published, learner)
    client.force_login(learner)
    response = client.post(answer_url(published.course, "satisfaction"), ANSWERS)
    assert response.status_code == 302
    assert CourseSheet.objects.count() == 1 and CourseAnswerMarker.objects.filter(user=learner).count() == 1
    page = page_text(client.get(published.course_page.url))
    assert "répondu, merci !" in page
    assert client.get(answer_url(published.course, "satisfaction")).status_code == 302


def test_errors_are_shown_next_to_the_questions(client, published):
    """A missing answer: 400, the summary and the message by the question, nothing stored."""
    learner = UserFactory(audiences=["parent"])
    finish(published, learner)
    client.force_login(learner)
    response = client.post(answer_url(published.course, "satisfaction"), {"clarte": "4"})
    assert response.status_code == 400
    assert "Choisissez une réponse." in page_text(response)
    assert not CourseSheet.objects.exists()


def test_someone_not_enrolled_gets_a_404(client, published):
    client.force_login(UserFactory())
    assert client.get(answer_url(published.course, "apres")).status_code == 404
    assert client.get(answer_url(published.course, "nimporte")).status_code == 404


def trainer_client(client):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(trainer)
    return client


def test_the_statistics_page_shows_the_charts_from_five_answers(client, published):
    """The cms statistics page calls the courses registry; surveys fills it with SVG and tables."""
    survey = CourseSurvey.objects.get(course=published.course)
    sheets(published.course, survey.satisfaction, 4)
    html = page_text(trainer_client(client).get(f"/admin/formations/{published.course_page.pk}/statistiques/"))
    assert "Avis des apprenants" in html and "Pas encore assez de réponses" in html and 'class="chart"' not in html
    sheets(published.course, survey.satisfaction, 1)
    sheets(published.course, survey.self_assessment, 5, kind="before", clarte=2)
    sheets(published.course, survey.self_assessment, 5, kind="after", clarte=5)
    html = page_text(client.get(f"/admin/formations/{published.course_page.pk}/statistiques/"))
    assert (
        html.count('<svg class="chart-svg"') >= 3
        and 'class="chart-bar chart-bar--s1"' in html  # the "after" series
        and "style=" not in html.split("Avis des")[1]
    )
    titles = re.findall(r'<title id="([^"]+)"', html)
    assert len(titles) == len(set(titles)) == html.count('<svg class="chart-svg"')
    assert "Avant la formation, 0 % répondent 4 ou 5 (moyenne 2,0 sur 5) ; après, 100 % (moyenne 5,0)." in html
    csv = b"".join(client.get(reverse("surveys_course_results_csv", args=[published.course.pk])).streaming_content)
    assert "C'était clair.;5;" in csv.decode("utf-8-sig").replace("\r", "")


def test_the_csv_keeps_the_threshold_and_learners_cannot_read_it(client, published):
    survey = CourseSurvey.objects.get(course=published.course)
    sheets(published.course, survey.satisfaction, 4)
    csv = b"".join(
        trainer_client(client).get(reverse("surveys_course_results_csv", args=[published.course.pk])).streaming_content
    ).decode("utf-8-sig")
    assert "pas encore assez de réponses" in csv and "C'était clair." not in csv
    learner = UserFactory(is_staff=False)
    client.force_login(learner)
    response = client.get(reverse("surveys_course_results_csv", args=[published.course.pk]))
    assert response.status_code in (302, 404)


def test_the_territory_dashboard_lists_its_courses_ratings(client, published):
    departement = TerritoryFactory(kind="departement", code="07", name="Ardèche")
    published.course.territory = departement
    published.course.save(update_fields=["territory"])
    survey = CourseSurvey.objects.get(course=published.course)
    sheets(published.course, survey.satisfaction, 5, clarte=4)
    html = page_text(client.get("/territoires/departement/07/"))
    assert "Avis des apprenants sur les formations du territoire" in html
    assert published.course.title in html


def test_a_trainer_chooses_a_course_s_questionnaires_in_the_admin(client, published):
    """The snippet lists the learners' questionnaires only, and saves the choice by course."""
    other = build_course().course
    satisfaction = LearnerQuestionnaireFactory(title="Avis court")
    trainer_client(client)
    add_url = reverse("surveys_coursesurvey:add")
    form = page_text(client.get(add_url))
    assert "Avis court" in form and "Enquête d'usages du numérique à l'école" not in form
    response = client.post(add_url, {"course": other.pk, "satisfaction": satisfaction.pk, "self_assessment": ""})
    assert response.status_code == 302
    assert CourseSurvey.objects.get(course=other).satisfaction == satisfaction
