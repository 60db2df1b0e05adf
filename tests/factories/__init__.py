"""factory_boy factories, one per model (STYLE.md item 9). tests/test_factories.py builds each."""

from tests.factories.accounts import (
    AccessCodeFactory,
    AccountDeletionRequestFactory,
    AudienceFactory,
    MagicLinkFactory,
    UserFactory,
)
from tests.factories.cms import (
    CourseIndexPageFactory,
    CoursePageAuthorFactory,
    CoursePageFactory,
    HomePageFactory,
    ModulePageFactory,
    ThemeFactory,
)
from tests.factories.courses import (
    CourseFactory,
    EnrolmentFactory,
    ModuleCompletionFactory,
    ModuleFactory,
    QuizAttemptFactory,
)
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
    CourseFactory,
    ModuleFactory,
    ThemeFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    CoursePageAuthorFactory,
    ModulePageFactory,
    EnrolmentFactory,
    ModuleCompletionFactory,
    QuizAttemptFactory,
]

__all__ = [
    "ALL_FACTORIES",
    "AccessCodeFactory",
    "AccountDeletionRequestFactory",
    "AudienceFactory",
    "CourseFactory",
    "CourseIndexPageFactory",
    "CoursePageAuthorFactory",
    "CoursePageFactory",
    "EnrolmentFactory",
    "HomeCommuneFactory",
    "HomePageFactory",
    "InvitationFactory",
    "MagicLinkFactory",
    "ManagerRequestFactory",
    "MembershipFactory",
    "ModuleCompletionFactory",
    "ModuleFactory",
    "ModulePageFactory",
    "NotificationPreferenceFactory",
    "OrganisationFactory",
    "OutboxMessageFactory",
    "QuizAttemptFactory",
    "TerritoryFactory",
    "ThemeFactory",
    "UserFactory",
]
