from django.utils import timezone

import factory

from dashboards.models import TerritoryFigure
from tests.factories.organisations import TerritoryFactory


class TerritoryFigureFactory(factory.django.DjangoModelFactory):
    territory = factory.SubFactory(TerritoryFactory)
    measure = "enrolled"
    audience = "all"
    value = 12
    refreshed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = TerritoryFigure
