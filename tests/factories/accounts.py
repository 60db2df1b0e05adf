from datetime import timedelta

from django.utils import timezone

import factory

from lms.accounts.models import (
    AccessCode,
    AccountDeletionRequest,
    Audience,
    AudienceCode,
    MagicLink,
    MagicLinkPurpose,
    User,
)

TEST_PASSWORD = "motdepasse-de-test"


class AudienceFactory(factory.django.DjangoModelFactory):
    code = factory.Iterator(AudienceCode.values)

    class Meta:
        model = Audience
        django_get_or_create = ["code"]


class UserFactory(factory.django.DjangoModelFactory):
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    password = factory.django.Password(TEST_PASSWORD)
    email_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.add(*extracted)


class MagicLinkFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    purpose = MagicLinkPurpose.SIGN_IN
    nonce = factory.Sequence(lambda n: f"nonce-{n}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=15))

    class Meta:
        model = MagicLink


class AccountDeletionRequestFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = AccountDeletionRequest


class AccessCodeFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory, email=None)
    code_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Meta:
        model = AccessCode
