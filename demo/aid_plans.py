"""Demo needs index and aid plan (issue 29): the wealth figures of the demo communes, imported
from the same CSV file the browser journey uploads (its one bad row, Sarras « n.c. », is
refused); a school of Sarras asked by this year's campaign that never answered (« données
manquantes »); and a published plan for Ardèche with a plausible budget. Idempotent."""

from pathlib import Path

from django.db import transaction

from dashboards.models import AidPlan
from dashboards.needs.wealth_csv import parse_wealth_csv
from dashboards.services.plans import aid_plan_create, aid_plan_publish, wealth_import
from demo.surveys import AGENCY, THIS_YEAR
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from lms.organisations.validators import uai_check_letter
from surveys.models import Campaign, CampaignTarget
from surveys.selectors import territory_scope

WEALTH_CSV = Path(__file__).resolve().parent / "content" / "potentiels-financiers-ardeche.csv"
SILENT_COMMUNE = "07308"  # Sarras: its school was asked and did not answer
PLAN_SLUG = "plan-numerique-des-ecoles-de-l-ardeche-2026"
PLAN_NAME = "Plan numérique des écoles de l'Ardèche 2026"


@transaction.atomic
def demo_aid_plans_load() -> str:
    agency = Organisation.objects.filter(slug=AGENCY).select_related("territory").first()
    campaign = Campaign.objects.filter(agency=agency, title=THIS_YEAR).first()
    departement = Territory.objects.filter(kind=TerritoryKind.DEPARTEMENT, code="07").first()
    sarras = Territory.objects.filter(kind=TerritoryKind.COMMUNE, code=SILENT_COMMUNE).first()
    if agency is None or campaign is None or departement is None or sarras is None:
        return "Demo aid plans: skipped (agency, campaign or territories missing)."
    saved, refused = wealth_import(
        agency=agency, parsed=parse_wealth_csv(WEALTH_CSV.read_bytes()), scope=territory_scope(agency)
    )
    digits = "0079100"
    school, _created = Organisation.objects.get_or_create(
        slug=f"ecole-publique-{SILENT_COMMUNE}",
        defaults={
            "kind": OrganisationKind.ECOLE,
            "name": "École publique de Sarras",
            "territory": sarras,
            "uai": digits + uai_check_letter(digits),
        },
    )
    CampaignTarget.objects.get_or_create(campaign=campaign, organisation=school)
    plan = AidPlan.objects.filter(slug=PLAN_SLUG).first()
    if plan is None:
        plan = aid_plan_create(
            agency=agency,
            departement=departement,
            campaign=campaign,
            name=PLAN_NAME,
            budget=420_000,
            floor=3_000,
            ceiling=30_000,
        )
        plan.slug = PLAN_SLUG
        plan.save(update_fields=["slug"])
        aid_plan_publish(plan=plan)
    return f"Demo aid plans: {saved} wealth figures ({len(refused)} bad row refused), plan « {plan.name} » published."
