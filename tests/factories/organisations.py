from datetime import timedelta

from django.utils import timezone

import factory

from lms.organisations.models import (
    AuditEntry,
    HomeCommune,
    Invitation,
    ManagerRequest,
    MemberGroup,
    Membership,
    MembershipRole,
    Organisation,
    Territory,
    TerritoryKind,
)


class TerritoryFactory(factory.django.DjangoModelFactory):
    kind = TerritoryKind.COMMUNE
    code = factory.Sequence(lambda n: f"99{n:03d}")
    name = factory.Sequence(lambda n: f"Commune d'essai {n}")
    population = 1200
    postcodes = factory.LazyAttribute(lambda territory: [territory.code])

    class Meta:
        model = Territory


class OrganisationFactory(factory.django.DjangoModelFactory):
    kind = "commune"
    name = factory.Sequence(lambda n: f"Mairie d'essai {n}")
    slug = factory.Sequence(lambda n: f"mairie-essai-{n}")
    territory = factory.SubFactory(TerritoryFactory)

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER

    class Meta:
        model = Membership


class ManagerRequestFactory(factory.django.DjangoModelFactory):
    requester = factory.SubFactory("tests.factories.accounts.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    function = "Maire"

    class Meta:
        model = ManagerRequest


class InvitationFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@exemple.fr")
    invited_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    nonce = factory.Sequence(lambda n: f"nonce-invitation-{n}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    class Meta:
        model = Invitation


class HomeCommuneFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    commune = factory.SubFactory(TerritoryFactory)

    class Meta:
        model = HomeCommune


class AuditEntryFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    actor = factory.SubFactory("tests.factories.accounts.UserFactory")
    action = "invite"
    summary = "Invitation envoyée à agent@exemple.fr"

    class Meta:
        model = AuditEntry


class MemberGroupFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")

    class Meta:
        model = MemberGroup
