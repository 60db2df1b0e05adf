"""Progress under concurrent requests, through the harness helper: threads on SQLite, forked
processes on PostgreSQL. The enrolment row lock makes the course complete exactly once."""

from django.core.cache import cache
from django.db import connection

import pytest

from courses.completion import register_completion_listener
from courses.models import Enrolment, EnrolmentStatus, Module, ModuleCompletion
from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record, quiz_attempt_submit
from tests.courses.conftest import build_course, publish, right_answers
from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently

COUNTER = "tests:course-completions"


@pytest.fixture
def counted_completions(transactional_site):
    """A listener that counts its calls where every worker can see it: the shared cache."""
    cache.set(COUNTER, 0, None)
    register_completion_listener("test.counter", lambda enrolment: cache.incr(COUNTER))
    yield lambda: cache.get(COUNTER)
    from courses import completion

    completion._listeners.pop("test.counter")


def in_processes() -> bool:
    return connection.vendor == "postgresql"


def test_twenty_requests_completing_the_same_last_module(counted_completions):
    published = build_course()
    enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )

    def complete(index):
        module_completion_record(
            enrolment=Enrolment.objects.get(pk=enrolment.pk), module=Module.objects.get(pk=published.reading.pk)
        )

    outcomes = run_concurrently(complete, workers=20, processes=in_processes())
    assert_no_crash(outcomes)
    assert ModuleCompletion.objects.filter(enrolment=enrolment, module=published.reading).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert counted_completions() == 1


def test_two_different_last_modules_at_once_still_complete_the_course(counted_completions):
    course_page = publish(CoursePageFactory(live=False, audiences=["parent"]))
    first = publish(ModulePageFactory(parent=course_page, live=False))
    second = publish(ModulePageFactory(parent=course_page, live=False))
    course_page.refresh_from_db()
    enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=course_page.course)
    modules = [Module.objects.get(source_page_id=first.pk), Module.objects.get(source_page_id=second.pk)]

    def complete(index):
        module_completion_record(enrolment=Enrolment.objects.get(pk=enrolment.pk), module=modules[index])

    outcomes = run_concurrently(complete, workers=2, processes=in_processes())
    assert_no_crash(outcomes)
    enrolment.refresh_from_db()
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 2
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert counted_completions() == 1
