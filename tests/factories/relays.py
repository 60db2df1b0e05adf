import factory

from relays.models import BudgetBand, ExperienceFeature, ExperienceStatus, SharedExperience


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
