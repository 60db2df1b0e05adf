"""The learner's pages and actions over HTTP: enrol, read, answer, complete, dashboard, and a
404 for anything that belongs to someone else."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.models import Enrolment, EnrolmentStatus, QuizAttempt
from courses.services.enrolments import enrolment_create
from tests.courses.conftest import build_course, right_answers, wrong_answers
from tests.factories import UserFactory
from tests.helpers.pages import database_cache_queries, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return learner


def quiz_post(published, answers):
    data = {"quiz": published.quiz_id}
    for question_id, choices in answers.items():
        data[f"q-{question_id}"] = choices
    return data


def test_the_whole_journey_over_http(client, signed_in, published):
    course_url = published.course.url
    assert "S'inscrire" in page_text(client.get(course_url))
    response = client.post(f"/mon-espace/formations/{published.course.pk}/inscription/")
    assert response.status_code == 302 and response["Location"] == course_url
    enrolment = Enrolment.objects.get(user=signed_in)
    assert "Votre progression : 0 %" in page_text(client.get(course_url))

    assert client.get(f"/mon-espace/inscriptions/{enrolment.pk}/reprendre/")["Location"] == published.reading.url
    response = client.post(f"/mon-espace/modules/{published.reading.pk}/termine/")
    assert response["Location"] == published.quiz.url

    html = page_text(client.get(published.quiz.url))
    assert f'action="/mon-espace/modules/{published.quiz.pk}/quiz/"' in html
    assert "Parce que." not in html, "no feedback before submitting"
    response = client.post(
        f"/mon-espace/modules/{published.quiz.pk}/quiz/", quiz_post(published, wrong_answers(published))
    )
    assert response.status_code == 302
    html = page_text(client.get(published.quiz.url))
    assert "Pas encore : 0 % de bonnes réponses, il en faut 100 %." in html
    assert "Réponse incorrecte. Parce que." in " ".join(re.sub(r"<[^>]+>", "", html).split())

    response = client.post(
        f"/mon-espace/modules/{published.quiz.pk}/quiz/", quiz_post(published, right_answers(published))
    )
    assert response["Location"] == "/mon-espace/"
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    dashboard = page_text(client.get("/mon-espace/"))
    assert "Formations terminées" in dashboard and published.course.title in dashboard


def test_a_refused_enrolment_explains_next_to_the_course(client, published):
    client.force_login(UserFactory(audiences=["teacher"]))
    response = client.post(f"/mon-espace/formations/{published.course.pk}/inscription/", follow=True)
    assert "Cette formation s&#x27;adresse à : Parent" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_withdrawal_asks_first(client, signed_in, published):
    enrolment = enrolment_create(user=signed_in, course=published.course)
    assert "Vos modules terminés et vos résultats sont gardés" in page_text(
        client.get(f"/mon-espace/inscriptions/{enrolment.pk}/quitter/")
    )
    assert Enrolment.objects.get().status == EnrolmentStatus.ACTIVE
    client.post(f"/mon-espace/inscriptions/{enrolment.pk}/quitter/")
    assert Enrolment.objects.get().status == EnrolmentStatus.WITHDRAWN


def test_visitors_are_invited_to_sign_in(client, published):
    html = page_text(client.get(published.quiz.url))
    assert "Connectez-vous" in html and "/mon-espace/modules/" not in html


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/mon-espace/inscriptions/{enrolment}/reprendre/"),
        ("get", "/mon-espace/inscriptions/{enrolment}/quitter/"),
        ("post", "/mon-espace/inscriptions/{enrolment}/quitter/"),
        ("post", "/mon-espace/modules/{module}/termine/"),
        ("post", "/mon-espace/modules/{module}/quiz/"),
        ("post", "/mon-espace/formations/999999/inscription/"),
    ],
)
def test_someone_elses_objects_are_404(client, published, learner, method, path):
    """Another learner's enrolment, or a module of a course one is not enrolled in, is a 404."""
    enrolment = enrolment_create(user=learner, course=published.course)
    client.force_login(UserFactory(audiences=["parent"]))
    url = path.format(enrolment=enrolment.pk, module=published.reading.pk)
    assert getattr(client, method)(url).status_code == 404
    assert Enrolment.objects.get().status == EnrolmentStatus.ACTIVE
    assert not QuizAttempt.objects.exists()


def test_the_learner_pages_need_a_sign_in(client):
    assert client.get("/mon-espace/")["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("courses", [1, 20])
def test_dashboard_query_count_does_not_grow(client, signed_in, courses):
    """Session, user, enrolments with their progress (subqueries), the person's home commune
    and memberships (their territories), their session registrations and trainer profile (the
    facetoface section; slots and sessions are prefetched only when there are some), their
    attestations and their finished cycles whose attestation the worker has not issued yet (the
    certificates section, which shows those "en préparation" at once), their scenarios and whether they may write one
    (the scenarios section), the survey campaigns their organisations are asked to answer and
    whether they work for an agency (the surveys section), the suggestions for their audiences,
    and (issue 33) the calendar section: the due dates, then the session slots from the
    facetoface source."""
    for _ in range(courses):
        enrolment_create(user=signed_in, course=build_course().course)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mon-espace/")
    assert response.status_code == 200
    assert page_text(response).count("Commencer") == courses
    assert len(queries) == 16, "\n".join(query["sql"][:150] for query in queries)


@pytest.mark.parametrize("done", [0, 1])
def test_module_page_query_count_for_a_learner(client, signed_in, published, done):
    """Whatever the progress: the routing and the page's context (as for visitors), plus
    session, user, the enrolment with the course's modules each marked done or not (one
    statement from the module's id: no module row, no course page's tracking id), the attempts
    on this module's quiz (was 17, issue 35)."""
    from courses.services.progress import module_completion_record

    enrolment = enrolment_create(user=signed_in, course=published.course)
    if done:
        module_completion_record(enrolment=enrolment, module=published.reading)
    client.get(published.quiz.url)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(published.quiz.url).status_code == 200
    database_cache = database_cache_queries()
    assert len(queries) == 14 + database_cache, "\n".join(query["sql"][:150] for query in queries)


def test_suggestions_follow_audiences_and_territory(client, signed_in):
    from lms.organisations.models import TerritoryKind
    from tests.factories import TerritoryFactory

    national = build_course()
    elsewhere = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="26", name="Drôme")
    local = build_course()
    local.course_page.territory = elsewhere
    local.course_page.save_revision().publish()
    teachers = build_course(audiences=("teacher",))
    html = page_text(client.get("/mon-espace/"))
    assert national.course.title in html
    assert local.course.title not in html and teachers.course.title not in html


def test_a_quiz_sent_with_nothing_ticked_asks_for_an_answer_next_to_each_question(client, signed_in, published):
    """Nothing ticked: the module page says so next to each question, and no attempt is kept."""
    enrolment_create(user=signed_in, course=published.course)
    response = client.post(f"/mon-espace/modules/{published.quiz.pk}/quiz/", {"quiz": published.quiz_id}, follow=True)
    html = page_text(response)
    assert "Répondez à chaque question avant de valider : rien n'a été compté." in html
    assert html.count("Choisissez une réponse.") == len(published.questions)
    assert "de bonnes réponses" not in html
    assert not QuizAttempt.objects.exists()
    # Shown once: the next visit is the plain quiz again.
    assert "Choisissez une réponse." not in page_text(client.get(published.quiz.url))


def test_a_module_added_after_finishing_is_new_content_and_does_not_reopen(client, signed_in, published):
    """A finished cycle stays finished: the course page says 100 % no more, offers the added
    module as "nouveau contenu", and finishing it says the course was already finished."""
    from courses.services.progress import module_completion_record
    from tests.factories import ModulePageFactory

    enrolment = enrolment_create(user=signed_in, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    client.post(f"/mon-espace/modules/{published.quiz.pk}/quiz/", quiz_post(published, right_answers(published)))
    added_page = ModulePageFactory(parent=published.course_page, live=False, title="Module ajouté")
    added_page.save_revision().publish()
    added_page.refresh_from_db()
    html = page_text(client.get(published.course.url))
    assert "Formation terminée le" in html
    assert "Votre progression" not in html
    assert "Un module a été ajouté depuis" in html and "nouveau contenu" in html
    response = client.post(f"/mon-espace/modules/{added_page.module.pk}/termine/", follow=True)
    html = page_text(response)
    assert "Bravo" not in html
    assert "Votre formation était déjà terminée : votre attestation reste valable." in html
    assert Enrolment.objects.get().status == EnrolmentStatus.COMPLETED
