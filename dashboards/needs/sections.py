"""The needs index and the aid plans on the territory pages, through the section registry
(dashboards.sections): a département shows the ranking of its communes and its published plans;
a commune shows its rank and its line of each published plan."""

from django.http import HttpRequest

from dashboards.needs.index import COMPONENTS
from dashboards.needs.selectors import COMPONENT_LABELS, commune_plan_lines, departement_ranking, published_plans_of
from dashboards.sections import TerritorySection, register_territory_section
from lms.organisations.models import Territory, TerritoryKind


def _departement_context(request: HttpRequest, territory: Territory | None) -> dict | None:
    if territory is None or territory.kind != TerritoryKind.DEPARTEMENT:
        return None
    ranking = departement_ranking(territory)
    return {
        "territory": territory,
        "ranking": ranking,
        "components": [(key, COMPONENT_LABELS[key], ranking.weights[key]) for key in COMPONENTS],
        "plans": published_plans_of(territory),
    }


def _commune_context(request: HttpRequest, territory: Territory | None) -> dict | None:
    if territory is None or territory.kind != TerritoryKind.COMMUNE or territory.departement is None:
        return None
    ranking = departement_ranking(territory.departement)
    own = next((need for need in ranking.needs if need.code == territory.code), None)
    return {
        "territory": territory,
        "ranking": ranking,
        "own": own,
        "ranked_count": len(ranking.ranked),
        "lines": commune_plan_lines(territory),
    }


def register_needs_sections() -> None:
    register_territory_section(
        TerritorySection(
            code="needs-departement",
            template_name="dashboards/plans/section_departement.html",
            context=_departement_context,
            order=50,
        )
    )
    register_territory_section(
        TerritorySection(
            code="needs-commune",
            template_name="dashboards/plans/section_commune.html",
            context=_commune_context,
            order=50,
        )
    )
