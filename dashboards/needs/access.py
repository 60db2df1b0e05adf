"""Who may simulate and publish aid plans and import wealth figures: staff of an agency whose
territory covers the département (surveys.selectors.territory_scope). Anyone else gets a 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from dashboards.models import AidPlan
from lms.accounts.models import User
from lms.organisations.models import Organisation, Territory, TerritoryKind
from surveys.selectors import agencies_of, territory_scope


def plan_agencies(user: User) -> list[Organisation]:
    """The agencies this person works for, or a 404: the plans' back office is theirs only."""
    agencies = agencies_of(user)
    if not agencies:
        raise Http404
    return agencies


def agencies_scope(agencies: list[Organisation]) -> Q:
    """The territories these agencies cover together. A national agency covers everything: its
    scope is an empty Q, which `|` would drop, so it wins outright."""
    scopes = [territory_scope(agency) for agency in agencies]
    if not all(scopes):
        return Q()
    combined = scopes[0]
    for scope in scopes[1:]:
        combined |= scope
    return combined


def departements_in_scope(agencies: list[Organisation]) -> QuerySet[Territory]:
    scope = agencies_scope(agencies)
    return Territory.objects.active().filter(scope, kind=TerritoryKind.DEPARTEMENT).order_by("code")


def agency_for(agencies: list[Organisation], departement: Territory) -> Organisation | None:
    """The first of these agencies whose territory covers `departement`."""
    for agency in agencies:
        if Territory.objects.filter(territory_scope(agency), pk=departement.pk).exists():
            return agency
    return None


def access_managed_plan(user: User, plan_id: int) -> AidPlan:
    """A plan of one of this person's agencies, on a département it still covers."""
    agencies = plan_agencies(user)
    plan = (
        AidPlan.objects.select_related("territory", "campaign", "agency")
        .filter(pk=plan_id, agency__in=[agency.pk for agency in agencies])
        .first()
    )
    if plan is None or agency_for(agencies, plan.territory) is None:
        raise Http404
    return plan


def access_published_plan(slug: str) -> AidPlan:
    plan = AidPlan.objects.published().select_related("territory", "campaign", "agency").filter(slug=slug).first()
    if plan is None:
        raise Http404
    return plan
