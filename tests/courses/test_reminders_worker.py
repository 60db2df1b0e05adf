"""End to end: the schedules created by `sync_schedules` make a real `qcluster` sweep the
reminders and deliver them over real SMTP (ORM broker on SQLite, Redis with REDIS_URL)."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.organisations.models import MembershipRole
from tests.courses.conftest import build_course
from tests.factories import EnrolmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.worker


def test_reminders_and_the_digest_leave_within_a_minute_of_the_worker_starting(smtp_server, qcluster):
    manager = MembershipFactory(role=MembershipRole.MANAGER, user=UserFactory(email="maire.e2e@exemple.fr"))
    agent = MembershipFactory(
        organisation=manager.organisation, user=UserFactory(email="agent.e2e@exemple.fr", audiences=["agent"])
    ).user
    # Courses with their pages: the worker's tracking reconciliation unpublishes page-less ones.
    course = build_course(audiences=("agent",)).course
    # One date for the row and the expected subject: the run may cross midnight (Paris time).
    due_on = timezone.localdate() + timedelta(days=3)
    EnrolmentFactory(
        user=agent,
        course=course,
        organisation=manager.organisation,
        due_on=due_on,
        last_activity_at=timezone.now(),
    )
    late = MembershipFactory(organisation=manager.organisation, user=UserFactory(last_name="Enretard")).user
    EnrolmentFactory(
        user=late,
        course=course,
        organisation=manager.organisation,
        due_on=timezone.localdate() - timedelta(days=1),
        last_activity_at=timezone.now(),
    )
    call_command("sync_schedules")
    with qcluster("default") as worker:
        worker.wait_for(lambda: len(smtp_server.messages) >= 3, timeout=120)
    subjects = {message["Subject"].strip(): message.envelope_to for message in smtp_server.messages}
    assert subjects[f"« {course.title} » : à terminer avant le " + date_fr(due_on)] == ["agent.e2e@exemple.fr"]
    digest = next(message for message in smtp_server.messages if "le point de la semaine" in message["Subject"])
    assert digest.envelope_to == ["maire.e2e@exemple.fr"] and "ENRETARD" in digest.body("plain").upper()
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).filter(kind__startswith="courses.").count() == 0


def date_fr(day) -> str:
    from django.utils.formats import date_format
    from django.utils.translation import override

    with override("fr"):
        return date_format(day, "j F Y")
