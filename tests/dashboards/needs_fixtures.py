"""A département of four communes whose schools answered a closed school campaign, and one
commune with no answer; its regional agency with one staff member (issue 29's tests)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from lms.organisations.models import TerritoryKind
from surveys.defaults import SCHOOL_FAMILY
from surveys.models import Answer, ResponseStatus
from tests.factories import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory, TerritoryFactory
from tests.factories.surveys import CampaignFactory, CampaignTargetFactory, QuestionnaireFactory, ResponseFactory

# Per commune: one school's answers (the four communes of test_needs_index, connected or not).
SCHOOLS = {
    "07101": {"nb_classes": 4, "tablettes": 0, "ordinateurs": 0, "connectee": "non", "ent": "non",
              "assistance_delai": "plus"},
    "07102": {"nb_classes": 10, "tablettes": 12, "ordinateurs": 8, "connectee": "oui", "connexion": "fibre",
              "debit_ressenti": 5, "ent": "oui", "assistance_delai": "jour"},
    "07103": {"nb_classes": 6, "tablettes": 6, "ordinateurs": 0, "connectee": "oui", "connexion": "adsl",
              "debit_ressenti": 3, "ent": "oui", "assistance_delai": "mois"},
    "07104": {"nb_classes": 5, "tablettes": 0, "ordinateurs": 3, "connectee": "oui", "connexion": "fibre",
              "debit_ressenti": 2, "ent": "non", "assistance_delai": "semaine"},
}  # fmt: skip


def answer(response, key, value):
    if isinstance(value, str):
        return Answer(response=response, key=key, choice=value)
    return Answer(response=response, key=key, number=Decimal(value))


def respond(campaign, commune, answers, status=ResponseStatus.SUBMITTED):
    school = OrganisationFactory(kind="ecole", territory=commune)
    CampaignTargetFactory(campaign=campaign, organisation=school)
    response = ResponseFactory(campaign=campaign, organisation=school, status=status)
    Answer.objects.bulk_create([answer(response, key, value) for key, value in answers.items()])
    return response


@pytest.fixture
def needs_departement():
    region = TerritoryFactory(kind=TerritoryKind.REGION, code="84", name="Auvergne-Rhône-Alpes", region=None)
    dep = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche", region=region)
    names = {"07101": "Aubenas", "07102": "Bourg", "07103": "Cruas", "07104": "Davézieux", "07105": "Alba"}
    communes = {
        code: TerritoryFactory(code=code, name=name, region=region, departement=dep, population=1000)
        for code, name in names.items()
    }
    agency = OrganisationFactory(kind="regional_agency", territory=region, name="Agence d'essai")
    staff = UserFactory()
    MembershipFactory(user=staff, organisation=agency)
    questionnaire = QuestionnaireFactory(family=SCHOOL_FAMILY, version=50)
    today = timezone.localdate()
    campaign = CampaignFactory(
        questionnaire=questionnaire,
        agency=agency,
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=10),
    )
    for code, answers in SCHOOLS.items():
        respond(campaign, communes[code], answers)
    # Alba's school was asked and never answered: « données manquantes ». Vals was not asked.
    CampaignTargetFactory(
        campaign=campaign, organisation=OrganisationFactory(kind="ecole", territory=communes["07105"])
    )
    TerritoryFactory(code="07106", name="Vals", region=region, departement=dep)
    return {
        "region": region,
        "departement": dep,
        "communes": communes,
        "agency": agency,
        "staff": staff,
        "campaign": campaign,
    }
