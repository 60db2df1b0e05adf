from django.core.management import call_command

import pytest

from dashboards.models import AidPlan, AidPlanLine, WealthFigure
from demo.aid_plans import PLAN_SLUG

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(WealthFigure.objects.order_by("pk").values_list("commune__code", "year", "potential")),
        list(AidPlan.objects.order_by("pk").values_list("slug", "status", "budget")),
        list(AidPlanLine.objects.order_by("pk").values_list("code", "need", "allocation")),
    )


def test_seed_demo_publishes_an_ardeche_plan_with_wealth_figures_and_missing_data_once(client):
    """35 wealth figures (the CSV's bad row refused), a published plan summing to its budget with
    Privas in it and Sarras as « données manquantes »; a second run changes nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert WealthFigure.objects.count() == 35
    plan = AidPlan.objects.get(slug=PLAN_SLUG)
    assert plan.is_published
    lines = {line.code: line for line in plan.lines.all()}
    assert sum(line.allocation or 0 for line in lines.values()) == plan.budget == 420_000
    assert lines["07186"].allocation > 0
    assert lines["07308"].need is None and lines["07308"].allocation is None
    assert client.get(f"/territoires/plans/{PLAN_SLUG}/").status_code == 200
