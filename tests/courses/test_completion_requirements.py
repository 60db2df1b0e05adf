"""A course with "at least N hours attended" completes only when every registered requirement
provider counts the enrolment as met; `recheck_completion` completes it once the hours arrive;
a course without the rule asks no provider and costs no query more."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses import completion_requirements, tasks
from courses.completion_requirements import register_completion_requirement, requirements_met
from courses.models import Course, Enrolment, EnrolmentStatus
from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record, quiz_attempt_submit, recheck_completion
from tests.courses.conftest import build_course, right_answers
from tests.factories import UserFactory
from tests.factories.cms import publish

pytestmark = pytest.mark.django_db

# What the fake provider knows: hours attended per user id, and the enrolment lists it was asked about.
ATTENDED: dict[int, Decimal] = {}
ASKED: list[list[int]] = []


def hours_provider(enrolments):
    """A real provider, set-based as the registry asks: the met ids among `enrolments`."""
    ASKED.append([enrolment.pk for enrolment in enrolments])
    return {
        enrolment.pk
        for enrolment in enrolments
        if ATTENDED.get(enrolment.user_id, Decimal(0)) >= enrolment.course.min_attended_hours
    }


@pytest.fixture
def no_providers():
    """The registry without the providers the installed apps registered (facetoface's)."""
    saved = dict(completion_requirements._providers)
    completion_requirements._providers.clear()
    yield
    completion_requirements._providers.clear()
    completion_requirements._providers.update(saved)


@pytest.fixture
def provider(no_providers):
    ATTENDED.clear()
    ASKED.clear()
    register_completion_requirement("test.hours", hours_provider)
    yield


def with_hours(published, hours):
    Course.objects.filter(pk=published.course.pk).update(min_attended_hours=hours)


def finish(published, enrolment):
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )


def status(enrolment):
    return Enrolment.objects.values_list("status", flat=True).get(pk=enrolment.pk)


def test_the_hours_rule_is_copied_from_the_course_page():
    """Publishing the page copies its "heures de présence minimales" onto the course."""
    published = build_course()
    page = published.course_page
    page.min_attended_hours = Decimal("3.5")
    publish(page)
    assert Course.objects.get(pk=published.course.pk).min_attended_hours == Decimal("3.5")


def test_hours_met_completes_with_the_modules(published, learner, provider):
    with_hours(published, Decimal("3.5"))
    ATTENDED[learner.pk] = Decimal("3.5")
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)
    assert status(enrolment) == EnrolmentStatus.COMPLETED
    assert ASKED == [[enrolment.pk]]


def test_hours_not_met_keeps_the_enrolment_active(published, learner, provider):
    with_hours(published, Decimal("7"))
    ATTENDED[learner.pk] = Decimal("3.5")
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)
    assert status(enrolment) == EnrolmentStatus.ACTIVE


def test_hours_met_later_complete_on_recheck(published, learner, provider):
    """The modules are done first; the session closes later and the recheck completes, once."""
    with_hours(published, Decimal("7"))
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)
    other = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)  # modules not done
    assert recheck_completion([enrolment.pk, other.pk]) == []
    ATTENDED[learner.pk] = Decimal("7")
    ATTENDED[other.user_id] = Decimal("7")
    assert recheck_completion([enrolment.pk, other.pk]) == [enrolment.pk]
    assert status(enrolment) == EnrolmentStatus.COMPLETED and status(other) == EnrolmentStatus.ACTIVE
    assert recheck_completion([enrolment.pk]) == [], "completed already: not twice"
    assert tasks.recheck_completion([enrolment.pk, other.pk]) == 0


def test_recheck_is_set_based(published, provider):
    """Reads do not grow with the number of enrolments: one provider call for them all."""
    with_hours(published, Decimal("1"))
    enrolments = []
    for _index in range(5):
        user = UserFactory(audiences=["parent"])
        enrolment = enrolment_create(user=user, course=published.course)
        finish(published, enrolment)
        enrolments.append(enrolment)
    ASKED.clear()
    with CaptureQueriesContext(connection) as two:
        recheck_completion([enrolment.pk for enrolment in enrolments[:2]])
    with CaptureQueriesContext(connection) as five:
        recheck_completion([enrolment.pk for enrolment in enrolments])
    assert len(two.captured_queries) == len(five.captured_queries)
    assert ASKED == [[e.pk for e in enrolments[:2]], [e.pk for e in enrolments]]


def test_a_course_with_the_rule_and_no_provider_never_completes(published, learner, no_providers):
    """Safer than completing without the hours: the app that counts them is missing."""
    with_hours(published, Decimal("2"))
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)
    assert status(enrolment) == EnrolmentStatus.ACTIVE


def test_a_course_without_the_rule_asks_nobody_and_costs_the_same_queries(learner, provider):
    """The provider registered changes nothing for a course without the rule."""
    counts = []
    for registered in (False, True):
        if not registered:
            completion_requirements._providers.pop("test.hours")
        else:
            register_completion_requirement("test.hours", hours_provider)
        published = build_course()
        enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)
        module_completion_record(enrolment=enrolment, module=published.reading)
        with CaptureQueriesContext(connection) as queries:
            quiz_attempt_submit(
                enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
            )
        assert status(enrolment) == EnrolmentStatus.COMPLETED
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert ASKED == []


def test_requirements_met_without_the_rule_needs_no_provider(published, learner):
    enrolment = Enrolment.objects.select_related("course").get(
        pk=enrolment_create(user=learner, course=published.course).pk
    )
    assert requirements_met([enrolment]) == {enrolment.pk}
