"""The writes that used to sit in views (issue 22): a manager's withdrawal journals itself, and
the "nouveau contenu" badge is cleared by a service, not by the page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.models import Enrolment, EnrolmentStatus
from courses.services.enrolments import enrolment_content_seen, organisation_withdraw
from lms.organisations.models import AuditEntry, MembershipRole
from tests.factories import CourseFactory, EnrolmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_managers_withdrawal_is_journalled_by_the_service():
    """organisation_withdraw withdraws and writes the journal entry, whoever calls it."""
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    organisation = manager.organisation
    enrolment = EnrolmentFactory(organisation=organisation, course__title="Le courriel")
    assert organisation_withdraw(organisation=organisation, manager=manager.user, enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.WITHDRAWN
    (entry,) = AuditEntry.objects.filter(organisation=organisation, action="withdraw")
    assert entry.actor == manager.user and "« Le courriel »" in entry.summary
    assert entry.details == {"enrolment": enrolment.pk}


def test_withdrawing_twice_journals_once():
    """An enrolment already withdrawn is left alone, and nothing more is journalled."""
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    enrolment = EnrolmentFactory(organisation=manager.organisation)
    organisation_withdraw(organisation=manager.organisation, manager=manager.user, enrolment=enrolment)
    assert not organisation_withdraw(organisation=manager.organisation, manager=manager.user, enrolment=enrolment)
    assert AuditEntry.objects.filter(action="withdraw").count() == 1


def test_seeing_new_content_records_the_version_seen():
    """Opening the course page after a content change clears the badge, in one UPDATE."""
    enrolment = EnrolmentFactory(course=CourseFactory(content_version=3), seen_version=1)
    assert enrolment.has_new_content
    with CaptureQueriesContext(connection) as queries:
        enrolment_content_seen(enrolment=enrolment)
    assert len(queries) == 1
    assert Enrolment.objects.get(pk=enrolment.pk).seen_version == 3


def test_content_already_seen_costs_no_query():
    """Most page views change nothing: no statement at all."""
    enrolment = EnrolmentFactory(course=CourseFactory(content_version=2), seen_version=2)
    with CaptureQueriesContext(connection) as queries:
        enrolment_content_seen(enrolment=enrolment)
    assert len(queries) == 0
