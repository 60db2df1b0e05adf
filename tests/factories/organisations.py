import factory

from lms.organisations.models import Territory, TerritoryKind


class TerritoryFactory(factory.django.DjangoModelFactory):
    kind = TerritoryKind.COMMUNE
    code = factory.Sequence(lambda n: f"99{n:03d}")
    name = factory.Sequence(lambda n: f"Commune d'essai {n}")
    population = 1200
    postcodes = factory.LazyAttribute(lambda territory: [territory.code])

    class Meta:
        model = Territory
