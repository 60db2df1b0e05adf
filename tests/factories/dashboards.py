from decimal import Decimal

import factory

from dashboards.models import AidPlan, AidPlanLine, WealthFigure


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
