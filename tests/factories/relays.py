import factory

from relays.models import BudgetBand, ExperienceFeature, ExperienceStatus, RelayProfile, SharedExperience
from tests.factories.organisations import OrganisationFactory


class RelayProfileFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(
        OrganisationFactory, kind="epn", name=factory.Sequence(lambda n: f"EPN d'essai {n}")
    )
    is_published = True
    summary = "Ateliers numériques pour tous."
    street = "1 place de la Mairie"
    postcode = "07000"
    opening_hours = "Mardi et jeudi 14 h – 18 h"
    services = factory.LazyFunction(lambda: ["Aide aux démarches administratives"])
    audiences = factory.LazyFunction(lambda: ["Familles et/ou enfants"])
    contact_email = "contact@epn.exemple.fr"

    class Meta:
        model = RelayProfile


class SharedExperienceFactory(factory.django.DjangoModelFactory):
    """A draft of a commune's experience, placed on the commune itself (pass status=APPROVED for
    a public one)."""

    organisation = factory.SubFactory("tests.factories.organisations.OrganisationFactory")
    author = factory.SubFactory("tests.factories.accounts.UserFactory")
    title = factory.Sequence(lambda n: f"Des ateliers numériques pour les parents {n}")
    context = "Beaucoup de parents ne savaient pas se connecter à l'ENT de l'école."
    actions = "Quatre ateliers du samedi matin à la médiathèque, avec l'EPN."
    budget_band = BudgetBand.UNDER_1K
    partners = "École des Tilleuls, EPN du village"
    results = "Trente familles accompagnées ; les messages de l'ENT sont lus."
    contact = "Mairie, service éducation, 04 75 00 00 00"
    territory = factory.SelfAttribute("organisation.territory")
    status = ExperienceStatus.DRAFT

    class Meta:
        model = SharedExperience


class ExperienceFeatureFactory(factory.django.DjangoModelFactory):
    association = factory.SubFactory("tests.factories.organisations.OrganisationFactory", kind="association_elus")
    experience = factory.SubFactory(SharedExperienceFactory, status=ExperienceStatus.APPROVED)
    featured_by = factory.SubFactory("tests.factories.accounts.UserFactory")

    class Meta:
        model = ExperienceFeature
