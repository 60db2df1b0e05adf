import factory

from lms.accounts.models import Audience, AudienceCode, User

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

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.add(*extracted)
