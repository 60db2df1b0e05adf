"""Reads for the needs index and the aid plans' pages, sections and exports (issue 29). The plan
page answers in two queries (the plan, its lines) however many communes it has; the ranking of a
département in a fixed number (dashboards.needs.inputs)."""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboards.models import AidPlan, AidPlanLine
from dashboards.needs.index import COMPONENTS, CommuneNeed, index_weights, needs_index
from dashboards.needs.inputs import departement_inputs
from lms.charts import Chart, bar_chart
from lms.organisations.models import Territory, TerritoryKind
from surveys.defaults import SCHOOL_FAMILY
from surveys.models import Campaign
from surveys.selectors import latest_closed_campaign

COMPONENT_LABELS = {
    "equipment": _("Équipement par classe"),
    "fibre": _("Écoles reliées par la fibre"),
    "speed": _("Débit ressenti"),
    "ent": _("Écoles utilisant un ENT"),
    "support": _("Assistance en moins d'une semaine"),
    "training": _("Personnes formées pour 1 000 habitants"),
}

# Sort keys of the plan's table (?tri=…): the line's field. Missing data always sorts last.
SORTS = {
    "rang": "rank",
    "commune": "name",
    "besoin": "need",
    "classes": "size",
    "richesse": "wealth_factor",
    "montant": "allocation",
}
DEFAULT_SORT = ("rang", "asc")
SUMMARY_SHARE = 20  # the summary's "les 20 % de communes aux besoins les plus élevés"


@dataclass
class DepartementRanking:
    campaign: Campaign | None
    needs: list[CommuneNeed]
    weights: dict[str, Decimal]

    @property
    def ranked(self) -> list[CommuneNeed]:
        return [need for need in self.needs if need.need is not None]

    @property
    def missing(self) -> list[CommuneNeed]:
        return [need for need in self.needs if need.need is None]


def index_campaign() -> Campaign | None:
    """The campaign the public ranking reads: the school questionnaire's latest closed one."""
    return latest_closed_campaign(SCHOOL_FAMILY, today=timezone.localdate())


def departement_ranking(departement: Territory, campaign: Campaign | None = None) -> DepartementRanking:
    campaign = campaign or index_campaign()
    weights = index_weights()
    if campaign is None:
        return DepartementRanking(None, [], weights)
    gathered = departement_inputs(departement, campaign)
    return DepartementRanking(campaign, needs_index(gathered.inputs, weights), weights)


def published_plans_of(departement: Territory) -> list[AidPlan]:
    return list(AidPlan.objects.published().filter(territory=departement).order_by("-published_at"))


def commune_plan_lines(commune: Territory) -> list[AidPlanLine]:
    """The commune's line of each published plan, newest first (one query)."""
    return list(
        AidPlanLine.objects.filter(commune=commune, plan__status="published")
        .select_related("plan")
        .order_by("-plan__published_at", "-plan__pk")
    )


def plan_lines(plan: AidPlan, sort: str = DEFAULT_SORT[0], direction: str = DEFAULT_SORT[1]) -> list[AidPlanLine]:
    """The plan's lines in the asked order, communes with missing data last whatever the order."""
    field = SORTS.get(sort, SORTS[DEFAULT_SORT[0]])
    lines = list(AidPlanLine.objects.filter(plan=plan).order_by("rank", "name", "code"))
    present = [line for line in lines if getattr(line, field) is not None]
    absent = [line for line in lines if getattr(line, field) is None]
    present.sort(key=lambda line: (getattr(line, field), line.name), reverse=direction == "desc")
    return present + absent


@dataclass
class PlanSummary:
    communes: int
    allocated_communes: int
    missing: int
    top_count: int
    top_percent: int
    top_share: Decimal | None  # % of the budget the top SUMMARY_SHARE % of needs receive
    largest: list[AidPlanLine]  # for the chart, largest allocations first
    chart: Chart | None  # the largest allocations as bars, None when nothing is allocated


def _largest_chart(largest: list[AidPlanLine]) -> Chart | None:
    if not largest:
        return None
    return bar_chart(
        gettext("Les montants les plus élevés, en euros"),
        [(line.name, line.allocation, _euros(line.allocation or 0)) for line in largest],
        value_header=gettext("Montant"),
        label_header=gettext("Commune"),
        chart_id="montants-les-plus-eleves",
    )


def _euros(amount: int) -> str:
    """As the page's table writes amounts (floatformat:"0g" then " €")."""
    return f"{number_format(amount, 0, force_grouping=True)} €"


def plan_summary(plan: AidPlan, lines: list[AidPlanLine], chart_size: int = 10) -> PlanSummary:
    ranked = sorted((line for line in lines if line.rank is not None), key=lambda line: line.rank or 0)
    top_count = math.ceil(len(ranked) * SUMMARY_SHARE / 100) if ranked else 0
    top_amount = sum(line.allocation or 0 for line in ranked[:top_count])
    share = None
    if plan.budget and top_count:
        share = (Decimal(100) * top_amount / plan.budget).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    largest = sorted(
        (line for line in ranked if line.allocation), key=lambda line: (-(line.allocation or 0), line.name)
    )[:chart_size]
    return PlanSummary(
        communes=len(lines),
        allocated_communes=len(ranked),
        missing=len(lines) - len(ranked),
        top_count=top_count,
        top_percent=SUMMARY_SHARE,
        top_share=share,
        largest=largest,
        chart=_largest_chart(largest),
    )


EXPORT_HEADER = [
    "rang",
    "code_insee",
    "commune",
    "besoin",
    *[f"composante_{key}" for key in COMPONENTS],
    "classes",
    "potentiel_financier_par_habitant",
    "facteur_richesse",
    "montant_euros",
    "donnees_manquantes",
]


def export_rows(lines: list[AidPlanLine]) -> list[list]:
    """The plan's rows as the CSV and the JSON give them: the page's numbers, unformatted."""
    rows = []
    for line in sorted(lines, key=lambda line: (line.rank is None, line.rank or 0, line.name)):
        rows.append(
            [
                line.rank,
                line.code,
                line.name,
                str(line.need) if line.need is not None else None,
                *[line.deficits.get(key) for key in COMPONENTS],
                line.size,
                str(line.wealth_potential) if line.wealth_potential is not None else None,
                str(line.wealth_factor),
                line.allocation,
                line.need is None,
            ]
        )
    return rows


def is_departement(territory: Territory | None) -> bool:
    return territory is not None and territory.kind == TerritoryKind.DEPARTEMENT
