"""The enrolment states are named once, on the queryset (issue 22): the manager's tabs, the
digest and the learner's dashboard all ask it."""

from datetime import timedelta

from django.utils import timezone

import pytest

from courses.models import Enrolment, EnrolmentStatus
from tests.factories import EnrolmentFactory, MembershipFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def enrolments(today):
    """One enrolment of each kind a due date can meet."""
    late = today - timedelta(days=1)
    return {
        "late": EnrolmentFactory(due_on=late),
        "due_today": EnrolmentFactory(due_on=today),
        "due_later": EnrolmentFactory(due_on=today + timedelta(days=1)),
        "no_date": EnrolmentFactory(due_on=None),
        "completed_late": EnrolmentFactory(due_on=late, status=EnrolmentStatus.COMPLETED),
        "withdrawn_late": EnrolmentFactory(due_on=late, status=EnrolmentStatus.WITHDRAWN),
    }


def test_overdue_means_still_active_past_the_due_date(enrolments, today):
    """Only an active enrolment whose due date has passed is overdue; due today is not yet late."""
    assert list(Enrolment.objects.overdue(today)) == [enrolments["late"]]


def test_active_leaves_out_completed_and_withdrawn(enrolments):
    """active() is the enrolments still being followed."""
    followed = {e.pk for name, e in enrolments.items() if name not in ("completed_late", "withdrawn_late")}
    assert set(Enrolment.objects.active().values_list("pk", flat=True)) == followed


def test_current_leaves_out_only_withdrawn(enrolments):
    """current() keeps the completed enrolments and leaves out only the withdrawn one."""
    kept = {e.pk for name, e in enrolments.items() if name != "withdrawn_late"}
    assert set(Enrolment.objects.current().values_list("pk", flat=True)) == kept


def test_the_overdue_flag_follows_the_same_rule(enrolments, today):
    """annotate_overdue marks exactly the rows overdue() returns."""
    flagged = {enrolment.pk for enrolment in Enrolment.objects.annotate_overdue(today) if enrolment.is_overdue}
    assert flagged == set(Enrolment.objects.overdue(today).values_list("pk", flat=True))


def test_completed_since_is_a_completion_after_the_moment():
    """The digest's "finished this week" is a completion at or after the moment, nothing earlier."""
    now = timezone.now()
    recent = EnrolmentFactory(status=EnrolmentStatus.COMPLETED, completed_at=now - timedelta(days=1))
    EnrolmentFactory(status=EnrolmentStatus.COMPLETED, completed_at=now - timedelta(days=9))
    EnrolmentFactory(status=EnrolmentStatus.ACTIVE)
    assert list(Enrolment.objects.completed_since(now - timedelta(days=7))) == [recent]


def test_the_inscriptions_tab_marks_only_active_late_enrolments(client, today):
    """A completed enrolment past its due date is not "en retard" on the manager's tab."""
    manager = MembershipFactory(role="manager", organisation__slug="mairie-a")
    organisation = manager.organisation
    late, done = (MembershipFactory(organisation=organisation).user for _ in range(2))
    EnrolmentFactory(user=late, organisation=organisation, due_on=today - timedelta(days=3))
    EnrolmentFactory(
        user=done, organisation=organisation, due_on=today - timedelta(days=3), status=EnrolmentStatus.COMPLETED
    )
    client.force_login(manager.user)
    text = page_text(client.get("/organisations/mairie-a/inscriptions/"))
    assert text.count("(en retard)") == 1


def test_the_dashboard_marks_a_late_course(client, today):
    """The learner sees "En retard" on a course past its due date, and not on one due later."""
    learner = UserFactory()
    EnrolmentFactory(user=learner, due_on=today - timedelta(days=2), course__url="/formations/a/")
    EnrolmentFactory(user=learner, due_on=today + timedelta(days=2), course__url="/formations/b/")
    client.force_login(learner)
    text = page_text(client.get("/mon-espace/"))
    assert text.count("En retard : à terminer avant le") == 1
    assert text.count("course-card--overdue") == 1
