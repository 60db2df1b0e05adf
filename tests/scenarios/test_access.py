"""Who may contribute to the scenario commons (scenarios/contributors.py, asked through scenarios/access.py)."""

import datetime

from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

import pytest

from lms.organisations.models import OrganisationKind
from scenarios.access import can_contribute, contributors
from tests.factories import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        (OrganisationKind.ECOLE, True),
        (OrganisationKind.COLLEGE, True),
        (OrganisationKind.EPN, True),
        (OrganisationKind.MEDIATHEQUE, True),
        (OrganisationKind.ASSOCIATION, True),
        (OrganisationKind.COMMUNE, False),
        (OrganisationKind.REGIONAL_AGENCY, False),
    ],
)
def test_members_of_schools_and_relays_contribute(kind, allowed):
    """A current member of a school or a relay site contributes; a commune's agent does not."""
    membership = MembershipFactory(organisation=OrganisationFactory(kind=kind))
    assert can_contribute(membership.user) is allowed
    assert contributors().filter(pk=membership.user.pk).exists() is allowed


def test_trainers_contribute_without_an_organisation():
    """The Formateurs group contributes by itself."""
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get_or_create(name="Formateurs")[0])
    assert can_contribute(trainer)
    assert list(contributors()) == [trainer]


def test_ended_memberships_inactive_people_and_visitors_do_not_contribute():
    """An ended membership, a deactivated account or an anonymous visitor cannot contribute."""
    ended = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.EPN),
        end_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    inactive = MembershipFactory(organisation=OrganisationFactory(kind=OrganisationKind.EPN), user__is_active=False)

    assert not can_contribute(ended.user)
    assert not can_contribute(inactive.user)
    assert not can_contribute(AnonymousUser())
    assert not contributors().exists()
