"""Aid plans (dashboards.services.plans): simulate any number of times, publish frozen."""

from decimal import Decimal as D

import pytest

from dashboards.models import AidPlanLine, AidPlanStatus, WealthFigure
from dashboards.needs.index import FORMULA_VERSION
from dashboards.services.plans import PlanRefused, aid_plan_create, aid_plan_publish, aid_plan_simulate
from tests.dashboards.needs_fixtures import needs_departement, respond  # noqa: F401

pytestmark = pytest.mark.django_db


def create(data, **parameters):
    return aid_plan_create(
        agency=data["agency"],
        departement=data["departement"],
        campaign=data["campaign"],
        name="Plan écoles 2027",
        budget=parameters.pop("budget", 100_000),
        **parameters,
    )


def lines(plan):
    return {line.code: line for line in AidPlanLine.objects.filter(plan=plan)}


def test_a_simulated_plan_shares_the_budget_exactly_and_leaves_out_missing_data(needs_departement):  # noqa: F811
    """The four communes that answered share B to the euro; Alba has a line with no allocation."""
    plan = create(needs_departement, floor=10_000, ceiling=30_000)
    found = lines(plan)
    assert plan.status == AidPlanStatus.DRAFT and plan.formula_version == FORMULA_VERSION
    assert sum(line.allocation for line in found.values() if line.allocation is not None) == 100_000
    assert found["07105"].need is None and found["07105"].allocation is None and found["07105"].rank is None
    assert found["07101"].rank == 1 and found["07101"].allocation == 30_000  # the highest need, capped
    assert found["07102"].allocation == 10_000  # the lowest need (7.5): raised to the floor
    assert plan.parameters["weights"]["equipment"] == "0.30"


def test_simulating_again_takes_the_new_parameters(needs_departement):  # noqa: F811
    """A draft is computed again with a new ceiling, as often as wanted."""
    plan = create(needs_departement)
    uncapped = lines(plan)["07101"].allocation
    aid_plan_simulate(plan=plan, ceiling=30_000, floor=None, change_bounds=True)
    assert uncapped > 30_000
    assert lines(plan)["07101"].allocation == 30_000
    assert sum(line.allocation or 0 for line in lines(plan).values()) == 100_000


def test_a_published_plan_does_not_change_when_answers_or_wealth_figures_arrive(needs_departement):  # noqa: F811
    """Publishing freezes the lines: a later answer from Alba and a wealth figure change nothing,
    and simulating it again is refused."""
    data = needs_departement
    plan = aid_plan_publish(plan=create(data))
    before = {code: (line.need, line.allocation, line.wealth_factor) for code, line in lines(plan).items()}
    respond(data["campaign"], data["communes"]["07105"], {"nb_classes": 8, "tablettes": 0, "ent": "non"})
    WealthFigure.objects.create(commune=data["communes"]["07101"], year=2025, potential=D(2000))
    WealthFigure.objects.create(commune=data["communes"]["07102"], year=2025, potential=D(500))
    with pytest.raises(PlanRefused):
        aid_plan_simulate(plan=plan, budget=1)
    after = {code: (line.need, line.allocation, line.wealth_factor) for code, line in lines(plan).items()}
    assert after == before
    plan.refresh_from_db()
    assert plan.status == AidPlanStatus.PUBLISHED and plan.budget == 100_000


def test_a_richer_commune_receives_less_in_a_plan(needs_departement):  # noqa: F811
    """With figures, the commune below the median gets a factor above 1, the richer one below."""
    data = needs_departement
    for code, potential in (("07101", 1600), ("07103", 800), ("07104", 400)):
        WealthFigure.objects.create(commune=data["communes"][code], year=2025, potential=D(potential))
    found = lines(create(data))
    assert found["07101"].wealth_factor == D("0.5")
    assert found["07104"].wealth_factor == D(2)
    assert found["07102"].wealth_factor == D(1)  # no figure


def test_impossible_bounds_are_refused(needs_departement):  # noqa: F811
    """A floor the budget cannot pay for every commune is a French refusal, not a 500."""
    with pytest.raises(PlanRefused, match="plancher"):
        create(needs_departement, floor=50_000)


def test_a_plan_never_takes_the_address_of_a_back_office_page(needs_departement):  # noqa: F811
    """A plan named « Potentiels financiers » gets another address than the import page's."""
    plan = aid_plan_create(
        agency=needs_departement["agency"],
        departement=needs_departement["departement"],
        campaign=needs_departement["campaign"],
        name="Potentiels financiers",
        budget=1000,
    )
    assert plan.slug.startswith("potentiels-financiers-")


def test_staff_of_a_national_and_a_regional_agency_cover_every_departement():
    """A national agency's scope covers all: adding a regional one must not narrow it to a région."""
    from dashboards.needs.access import departements_in_scope
    from tests.factories import OrganisationFactory, TerritoryFactory

    region = TerritoryFactory(kind="region", code="R9", name="Région")
    inside = TerritoryFactory(kind="departement", code="D91", name="Dedans", region=region)
    outside = TerritoryFactory(kind="departement", code="D92", name="Dehors", region=None)
    regional = OrganisationFactory(kind="regional_agency", territory=region)
    national = OrganisationFactory(kind="national_agency", territory=region)
    assert set(departements_in_scope([regional])) >= {inside} and outside not in set(departements_in_scope([regional]))
    assert {inside, outside} <= set(departements_in_scope([regional, national]))
