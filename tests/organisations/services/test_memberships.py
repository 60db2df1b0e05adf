from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

import pytest

from lms.organisations.models import Membership, MembershipRole
from lms.organisations.services.memberships import membership_add, membership_end, membership_set_role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_adding_twice_keeps_one_open_membership():
    """Adding someone already in the organisation updates the role, never duplicates."""
    organisation, person = OrganisationFactory(), UserFactory()
    first = membership_add(organisation=organisation, user=person)
    second = membership_add(organisation=organisation, user=person, role=MembershipRole.MANAGER)
    assert first.pk == second.pk
    assert Membership.objects.get().role == MembershipRole.MANAGER


def test_the_database_refuses_two_open_memberships():
    """The invariant holds even outside the service."""
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, organisation=membership.organisation)


def test_ending_keeps_the_history_and_allows_coming_back():
    """An ended membership stays; the person can join again later as a new membership."""
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    member = MembershipFactory(organisation=manager.organisation)
    membership_end(membership=member, ended_by=manager.user)
    member.refresh_from_db()
    assert member.end_on == timezone.localdate()
    assert member.ended_by == manager.user
    assert not Membership.objects.current().filter(pk=member.pk).exists()
    again = membership_add(organisation=member.organisation, user=member.user)
    assert again.pk != member.pk
    assert Membership.objects.filter(user=member.user).count() == 2


def test_the_last_manager_cannot_leave():
    """Someone must stay in charge: ending or demoting the only manager is refused in French."""
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    with pytest.raises(ValidationError, match="dernier gestionnaire"):
        membership_end(membership=manager)
    with pytest.raises(ValidationError, match="dernier gestionnaire"):
        membership_set_role(membership=manager, role=MembershipRole.MEMBER)
    manager.refresh_from_db()
    assert manager.end_on is None and manager.role == MembershipRole.MANAGER


def test_with_a_co_manager_a_manager_can_leave():
    """Once a co-manager is named, the first one may go."""
    first = MembershipFactory(role=MembershipRole.MANAGER)
    second = MembershipFactory(organisation=first.organisation)
    membership_set_role(membership=second, role=MembershipRole.MANAGER)
    membership_end(membership=first)
    assert list(Membership.objects.current().managers().values_list("pk", flat=True)) == [second.pk]


def test_two_managers_ending_each_other_at_once_leave_one(transactional_site):
    """Two managers removing each other concurrently: one succeeds, the other is refused."""
    from tests.helpers.concurrency import run_concurrently

    first = MembershipFactory(role=MembershipRole.MANAGER)
    second = MembershipFactory(role=MembershipRole.MANAGER, organisation=first.organisation)
    pairs = [(first, second), (second, first)]

    def end_the_other(index):
        remover, removed = pairs[index]
        membership_end(membership=Membership.objects.get(pk=removed.pk), ended_by=remover.user)

    outcomes = run_concurrently(end_the_other, workers=2)
    assert sorted(outcome.ok for outcome in outcomes) == [False, True]
    assert all("dernier gestionnaire" in outcome.error for outcome in outcomes if not outcome.ok)
    assert Membership.objects.current().managers().count() == 1
