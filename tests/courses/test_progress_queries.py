"""A "module done" POST is the hottest write (benchmark B1): its statements are pinned, the
same for a course of 3 modules as for one of 23, sequential or not."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.models import Enrolment, Module, ModuleCompletion
from courses.services.enrolments import enrolment_create
from tests.courses.conftest import build_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.mark.parametrize("sequential", [False, True])
@pytest.mark.parametrize("extra_modules", [0, 20])
def test_module_done_costs_five_statements(client, learner, sequential, extra_modules):
    published = build_course(is_sequential=sequential)
    course = published.course
    Module.objects.bulk_create(
        Module(course=course, title=f"En plus {i}", url=f"/en-plus/{i}/", position=100 + i, is_published=True)
        for i in range(extra_modules)
    )
    enrolment = enrolment_create(user=learner, course=course)
    client.force_login(learner)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/mon-espace/modules/{published.reading.pk}/termine/")
    assert response.status_code == 302 and response["Location"] == published.quiz.url
    # Session, user, the guarded insert, the course's modules with what is done, the last module.
    # No lock and no transaction: nothing completes here.
    assert len(queries) == 5, "\n".join(query["sql"][:150] for query in queries)
    assert ModuleCompletion.objects.filter(enrolment=enrolment, module=published.reading).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_module == published.reading and enrolment.status == "active"


def test_the_same_module_twice_is_one_completion_and_no_error(client, learner, published):
    enrolment = enrolment_create(user=learner, course=published.course)
    client.force_login(learner)
    for _ in range(2):
        assert client.post(f"/mon-espace/modules/{published.reading.pk}/termine/")["Location"] == published.quiz.url
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_a_sequential_course_refuses_a_module_out_of_order_over_http(client, learner):
    published = build_course(is_sequential=True)
    Module.objects.filter(pk=published.quiz.pk).update(quiz_key={})  # a plain module after the first
    enrolment = enrolment_create(user=learner, course=published.course)
    client.force_login(learner)
    response = client.post(f"/mon-espace/modules/{published.quiz.pk}/termine/", follow=True)
    assert "cette formation se suit dans l&#x27;ordre" in response.content.decode()
    assert not ModuleCompletion.objects.filter(enrolment=enrolment).exists()
    assert Enrolment.objects.get(pk=enrolment.pk).last_module is None


def test_a_quiz_module_is_refused_until_its_quiz_is_passed(client, learner, published):
    enrolment = enrolment_create(user=learner, course=published.course)
    client.force_login(learner)
    response = client.post(f"/mon-espace/modules/{published.quiz.pk}/termine/")
    assert response["Location"] == published.quiz.url
    assert "Réussissez d&#x27;abord le quiz" in client.get(published.quiz.url).content.decode()
    assert not ModuleCompletion.objects.filter(enrolment=enrolment).exists()


def test_a_quiz_passed_before_the_module_was_recorded_still_lets_it_complete(client, learner, published):
    """A quiz module whose quizzes were all passed, but not recorded as done (its quiz added
    after the learner passed it, say): the POST checks the attempts and records it."""
    from courses.models import QuizAttempt

    enrolment = enrolment_create(user=learner, course=published.course)
    QuizAttempt.objects.create(
        enrolment=enrolment, cycle=1, module=published.quiz, quiz_id=published.quiz_id, score=100, passed=True
    )
    client.force_login(learner)
    client.post(f"/mon-espace/modules/{published.quiz.pk}/termine/")
    assert ModuleCompletion.objects.filter(enrolment=enrolment, module=published.quiz).exists()


def test_a_withdrawn_enrolment_records_nothing_even_for_a_module_already_done(client, learner, published):
    from courses.services.enrolments import enrolment_withdraw

    enrolment = enrolment_create(user=learner, course=published.course)
    client.force_login(learner)
    client.post(f"/mon-espace/modules/{published.reading.pk}/termine/")
    enrolment_withdraw(enrolment=enrolment)
    activity = Enrolment.objects.get(pk=enrolment.pk).last_activity_at
    for module in (published.reading, published.optional):
        response = client.post(f"/mon-espace/modules/{module.pk}/termine/", follow=True)
        assert "Vous avez quitté cette formation" in response.content.decode()
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).last_activity_at == activity


def test_an_unpublished_module_or_another_persons_course_is_404(client, learner, published):
    enrolment_create(user=learner, course=published.course)
    other = build_course()
    Module.objects.filter(pk=published.optional.pk).update(is_published=False)
    client.force_login(learner)
    assert client.post(f"/mon-espace/modules/{published.optional.pk}/termine/").status_code == 404
    assert client.post(f"/mon-espace/modules/{other.reading.pk}/termine/").status_code == 404
    assert client.post("/mon-espace/modules/999999/termine/").status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_module_done_plans_its_statements_once_per_connection(learner, published):
    """On PostgreSQL a module done reuses prepared statements and their plan (planning each run
    cost more than running it, bench P2b); on SQLite, sqlite3's own statement cache does that."""
    from courses.services.progress import module_done

    enrolment = enrolment_create(user=learner, course=published.course)
    # psycopg prepares a statement on its 5th run; PostgreSQL tries 5 custom plans, then the generic one.
    for _ in range(12):
        progress = module_done(user_id=learner.pk, module_id=published.reading.pk)
    assert published.reading.pk in progress.done_ids
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
            prepared = {statement.split()[0]: plans for statement, plans in cursor.fetchall()}
        # The guarded insert, the course's modules with what is done, the last module.
        assert {"INSERT", "SELECT", "UPDATE"} <= prepared.keys() and min(prepared.values()) >= 1, prepared
