"""Accepting an invitation calls the acceptance listeners that the apps above registered, inside
the accepting transaction: the course an invitation carries is applied as a plain call."""

from django.core.exceptions import ValidationError

import pytest

from courses.models import Enrolment, InvitationEnrolment
from courses.services.invitation_enrolments import invitation_enrolment_apply
from lms.organisations import acceptance
from lms.organisations.models import Invitation, InvitationStatus, Membership, MembershipRole
from lms.organisations.services.invitations import invitation_accept, invitation_activate, invitation_create
from tests.courses.conftest import build_course
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return MembershipFactory(role=MembershipRole.MANAGER)


def invite(manager, email: str) -> Invitation:
    return invitation_create(organisation=manager.organisation, email=email, invited_by=manager.user)


def test_courses_registers_its_listener_when_the_app_is_ready():
    """CoursesConfig.ready() registers the course-on-acceptance listener: no hidden signal."""
    assert invitation_enrolment_apply in acceptance.acceptance_listeners()


def test_accepting_calls_every_listener_with_the_invitation_the_person_and_the_membership(manager, monkeypatch):
    """Each registered listener is called once, after the membership is open."""
    calls = []

    def listener(*, invitation, user, membership):
        calls.append((invitation.pk, user.pk, membership.pk, Membership.objects.filter(pk=membership.pk).exists()))

    monkeypatch.setitem(acceptance._listeners, "tests.recorder", listener)
    person = UserFactory(email="hugo@exemple.fr")
    invitation = invite(manager, person.email)
    membership = invitation_accept(invitation=invitation, user=person)
    assert calls == [(invitation.pk, person.pk, membership.pk, True)]


def test_a_failing_listener_rolls_the_acceptance_back(manager, monkeypatch):
    """Nobody joins half-way: if a listener fails, the invitation stays pending and no membership opens."""

    def broken(**kwargs):
        raise ValidationError("broken")

    monkeypatch.setitem(acceptance._listeners, "tests.broken", broken)
    person = UserFactory(email="hugo@exemple.fr")
    invitation = invite(manager, person.email)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=person)
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING
    assert not Membership.objects.filter(user=person).exists()


def test_a_newcomer_accepting_an_invitation_that_carries_a_course_is_enrolled(manager):
    """Through the activation link too, the course chosen when inviting is applied on joining,
    followed by the inviting organisation."""
    published = build_course()
    invitation = invite(manager, "ines@exemple.fr")
    InvitationEnrolment.objects.create(invitation=invitation, course=published.course)
    assert not Enrolment.objects.exists()
    user, _membership = invitation_activate(invitation=invitation, first_name="Inès", last_name="Roche", password=None)
    enrolment = Enrolment.objects.get(user=user)
    assert (enrolment.course, enrolment.organisation) == (published.course, manager.organisation)


def test_an_unpublished_course_is_not_applied_on_acceptance(manager):
    """A course withdrawn from the catalogue since the invitation is not applied; joining still works."""
    published = build_course()
    published.course.is_published = False
    published.course.save()
    person = UserFactory(email="hugo@exemple.fr")
    invitation = invite(manager, person.email)
    InvitationEnrolment.objects.create(invitation=invitation, course=published.course)
    invitation_accept(invitation=invitation, user=person)
    assert Membership.objects.current().filter(user=person, organisation=manager.organisation).exists()
    assert not Enrolment.objects.filter(user=person).exists()
