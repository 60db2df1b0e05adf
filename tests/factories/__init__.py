"""factory_boy factories, one per model (STYLE.md item 9). tests/test_factories.py builds each."""

from tests.factories.accounts import (
    AccessCodeFactory,
    AccountDeletionRequestFactory,
    AudienceFactory,
    MagicLinkFactory,
    UserFactory,
)
from tests.factories.cms import HomePageFactory
from tests.factories.notifications import NotificationPreferenceFactory, OutboxMessageFactory
from tests.factories.organisations import (
    HomeCommuneFactory,
    InvitationFactory,
    ManagerRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    TerritoryFactory,
)

ALL_FACTORIES = [
    AccessCodeFactory,
    AudienceFactory,
    UserFactory,
    MagicLinkFactory,
    AccountDeletionRequestFactory,
    HomePageFactory,
    OutboxMessageFactory,
    NotificationPreferenceFactory,
    TerritoryFactory,
    OrganisationFactory,
    MembershipFactory,
    ManagerRequestFactory,
    InvitationFactory,
    HomeCommuneFactory,
]

__all__ = [
    "ALL_FACTORIES",
    "AccessCodeFactory",
    "AccountDeletionRequestFactory",
    "AudienceFactory",
    "HomeCommuneFactory",
    "HomePageFactory",
    "InvitationFactory",
    "MagicLinkFactory",
    "ManagerRequestFactory",
    "MembershipFactory",
    "NotificationPreferenceFactory",
    "OrganisationFactory",
    "OutboxMessageFactory",
    "TerritoryFactory",
    "UserFactory",
]
