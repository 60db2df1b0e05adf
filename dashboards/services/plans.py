"""Writes of the needs index and aid plans (issue 29): the wealth import, creating, simulating
and publishing a plan. One transaction per user action."""

from decimal import Decimal
from statistics import median

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dashboards.models import AidPlan, AidPlanLine, AidPlanStatus, WealthFigure
from dashboards.needs.allocation import AllocationRefused, Claim, allocate, wealth_factors
from dashboards.needs.index import FORMULA_VERSION, index_weights, needs_index
from dashboards.needs.inputs import departement_inputs
from dashboards.needs.wealth_csv import WealthFile, WealthRow
from lms.organisations.models import Organisation, Territory, TerritoryKind
from surveys.models import Campaign


class PlanRefused(Exception):
    """The plan cannot be computed or changed; the message says why, in French."""


@transaction.atomic
def wealth_import(*, agency: Organisation, parsed: WealthFile, scope: Q) -> tuple[int, list[WealthRow]]:
    """Create or replace the figure of each valid row whose commune is in `scope` (a Territory
    filter); return how many were saved and the rows refused (with their errors added)."""
    rows = parsed.valid_rows
    communes = {
        territory.code: territory
        for territory in Territory.objects.active().filter(
            scope, kind=TerritoryKind.COMMUNE, code__in=[row.code for row in rows]
        )
    }
    saved = 0
    for row in rows:
        commune = communes.get(row.code)
        if commune is None:
            row.errors.append(
                _("Aucune commune de votre territoire n'a le code INSEE « %(code)s ».") % {"code": row.code}
            )
            continue
        WealthFigure.objects.update_or_create(
            commune=commune,
            year=row.year,
            defaults={
                "potential": row.potential,
                "source": row.source,
                "imported_by": agency,
                "imported_at": timezone.now(),
            },
        )
        saved += 1
    return saved, parsed.invalid_rows


# Paths under /territoires/plans/ that a plan's address must not take.
RESERVED_SLUGS = {"potentiels-financiers", "gestion"}


def _slug_for(name: str) -> str:
    base = slugify(name)[:100] or "plan"
    slug = base
    while slug in RESERVED_SLUGS or AidPlan.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


@transaction.atomic
def aid_plan_create(
    *,
    agency: Organisation,
    departement: Territory,
    campaign: Campaign,
    name: str,
    budget: int,
    floor: int | None = None,
    ceiling: int | None = None,
) -> AidPlan:
    plan = AidPlan.objects.create(
        agency=agency,
        territory=departement,
        campaign=campaign,
        name=name,
        slug=_slug_for(name),
        budget=budget,
        floor=floor,
        ceiling=ceiling,
    )
    return aid_plan_simulate(plan=plan)


def latest_wealth(departement: Territory) -> dict[str, Decimal]:
    """Each commune's most recent figure, by code (one query)."""
    figures: dict[str, Decimal] = {}
    rows = (
        WealthFigure.objects.filter(commune__departement=departement, commune__is_active=True)
        .order_by("commune__code", "-year")
        .values_list("commune__code", "potential")
    )
    for code, potential in rows:
        figures.setdefault(code, potential)
    return figures


@transaction.atomic
def aid_plan_simulate(
    *,
    plan: AidPlan,
    name: str | None = None,
    budget: int | None = None,
    floor: int | None = None,
    ceiling: int | None = None,
    change_bounds: bool = False,
) -> AidPlan:
    """Compute the draft again from today's answers, training figures and wealth figures, with the
    new parameters if given. A published plan is frozen: refused."""
    plan = AidPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        raise PlanRefused(_("Ce plan est publié : il ne change plus."))
    if name is not None:
        plan.name = name
    if budget is not None:
        plan.budget = budget
    if change_bounds:
        plan.floor, plan.ceiling = floor, ceiling
    weights = index_weights()
    gathered = departement_inputs(plan.territory, plan.campaign)
    needs = needs_index(gathered.inputs, weights)
    wealth = latest_wealth(plan.territory)
    factors = wealth_factors(wealth, [need.code for need in needs])
    claims = [
        Claim(code=need.code, need=need.need, size=need.size, wealth=factors[need.code])
        for need in needs
        if need.need is not None
    ]
    try:
        allocations = allocate(plan.budget, claims, floor=plan.floor, ceiling=plan.ceiling)
    except AllocationRefused as error:
        raise PlanRefused(str(error)) from error
    communes = {commune.code: commune for commune in gathered.communes}
    AidPlanLine.objects.filter(plan=plan).delete()
    AidPlanLine.objects.bulk_create(
        [
            AidPlanLine(
                plan=plan,
                commune=communes[need.code],
                code=need.code,
                name=need.name,
                rank=need.rank,
                need=need.need,
                deficits={key: str(value) for key, value in need.deficits.items()},
                size=need.size if need.need is not None else None,
                wealth_potential=wealth.get(need.code),
                wealth_factor=factors[need.code],
                allocation=allocations.get(need.code),
            )
            for need in needs
        ],
        batch_size=500,
    )
    known = sorted(wealth.values())
    plan.parameters = {
        "weights": {key: str(value) for key, value in weights.items()},
        "wealth_median": str(_median(known)) if known else None,
        "wealth_bounds": ["0.5", "2"],
        "floor": plan.floor,
        "ceiling": plan.ceiling,
        "budget": plan.budget,
        "campaign": plan.campaign.title,
    }
    plan.formula_version = FORMULA_VERSION
    plan.simulated_at = timezone.now()
    plan.save()
    return plan


def _median(values: list[Decimal]) -> Decimal:
    return Decimal(median(values)).quantize(Decimal("0.01"))


@transaction.atomic
def aid_plan_publish(*, plan: AidPlan) -> AidPlan:
    """Freeze the plan as last simulated: its lines, parameters and formula version stay as they are."""
    plan = AidPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        return plan
    if plan.simulated_at is None:
        aid_plan_simulate(plan=plan)
        plan.refresh_from_db()
    plan.status = AidPlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    return plan
