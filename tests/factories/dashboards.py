from decimal import Decimal

from django.utils import timezone

import factory

from dashboards.models import AidPlan, AidPlanLine, TerritoryFigure, WealthFigure
from tests.factories.organisations import TerritoryFactory


class TerritoryFigureFactory(factory.django.DjangoModelFactory):
    territory = factory.SubFactory(TerritoryFactory)
    measure = "enrolled"
    audience = "all"
    value = 12
    refreshed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = TerritoryFigure


class WealthFigureFactory(factory.django.DjangoModelFactory):
    commune = factory.SubFactory("tests.factories.organisations.TerritoryFactory")
    year = 2025
    potential = Decimal("850.00")
    source = "DGCL, fiche DGF"

    class Meta:
        model = WealthFigure


class AidPlanFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory("tests.factories.surveys.CampaignFactory")
    agency = factory.SelfAttribute("campaign.agency")
    territory = factory.SubFactory("tests.factories.organisations.TerritoryFactory", kind="departement")
    name = factory.Sequence(lambda n: f"Plan d'essai {n}")
    slug = factory.Sequence(lambda n: f"plan-essai-{n}")
    budget = 100_000

    class Meta:
        model = AidPlan


class AidPlanLineFactory(factory.django.DjangoModelFactory):
    plan = factory.SubFactory(AidPlanFactory)
    commune = factory.SubFactory("tests.factories.organisations.TerritoryFactory")
    code = factory.SelfAttribute("commune.code")
    name = factory.SelfAttribute("commune.name")
    rank = 1
    need = Decimal("50.00")
    size = 4
    wealth_factor = Decimal("1.000")
    allocation = 100_000

    class Meta:
        model = AidPlanLine
