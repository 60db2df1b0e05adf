"""A région of two départements whose schools answered two closed campaigns of the school
questionnaire (surveys.defaults.SCHOOL_FAMILY), for the survey side of the dashboards.

Latest campaign, département 07: commune C has 3 responding schools (shown), A has 2 and B 1
(hidden on public pages), EPCI E groups A and B (3 schools); commune Z has a school that never
answered. Expected figures for 07 are worked out in test_survey_figures.py."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

import pytest

from lms.organisations.models import MembershipRole, Organisation, TerritoryKind
from surveys.defaults import SCHOOL_FAMILY
from surveys.models import Answer, Campaign, Questionnaire, Response, ResponseStatus
from tests.factories import MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory, TerritoryFactory

_uai = iter(range(5000, 999999))


def school(commune, name: str) -> Organisation:
    from lms.organisations.validators import uai_check_letter

    number = f"{next(_uai):07d}"
    return OrganisationFactory(kind="ecole", name=name, territory=commune, uai=number + uai_check_letter(number))


def manager_of(organisation: Organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.MANAGER)
    return user


def answer(campaign, organisation, *, classes, tablets, computers, screens, link, speed, ent, delay, needs=()):
    """One submitted response; `link` is "fibre", "adsl" or None (not connected: no speed)."""
    response = Response.objects.create(campaign=campaign, organisation=organisation, status=ResponseStatus.SUBMITTED)
    rows = [
        Answer(response=response, key="nb_classes", number=classes),
        Answer(response=response, key="tablettes", number=tablets),
        Answer(response=response, key="ordinateurs", number=computers),
        Answer(response=response, key="ecrans_interactifs", number=screens),
        Answer(response=response, key="connectee", choice="oui" if link else "non"),
        Answer(response=response, key="ent", choice=ent),
        Answer(response=response, key="assistance_delai", choice=delay),
        *(Answer(response=response, key="besoins_formation", choice=need) for need in needs),
    ]
    if link:
        rows += [
            Answer(response=response, key="connexion", choice=link),
            Answer(response=response, key="debit_ressenti", number=speed),
        ]
    Answer.objects.bulk_create(rows)
    return response


@dataclass
class SurveyWorld:
    region: object
    departement: object
    other_departement: object
    epci: object
    communes: dict
    schools: dict
    town_hall: Organisation
    agency: Organisation
    other_agency: Organisation
    latest: Campaign
    previous: Campaign


@pytest.fixture
def survey_world(db) -> SurveyWorld:
    region = TerritoryFactory(kind=TerritoryKind.REGION, code="84", name="Auvergne-Rhône-Alpes")
    other_region = TerritoryFactory(kind=TerritoryKind.REGION, code="93", name="Provence-Alpes-Côte d'Azur")
    dep = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche", region=region)
    other_dep = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="26", name="Drôme", region=region)
    epci = TerritoryFactory(kind=TerritoryKind.EPCI, code="240700001", name="CC d'essai")
    communes = {
        "A": TerritoryFactory(code="07001", name="Aubenas", region=region, departement=dep, epci=epci),
        "B": TerritoryFactory(code="07002", name="Burzet", region=region, departement=dep, epci=epci),
        "C": TerritoryFactory(code="07003", name="Cruas", region=region, departement=dep),
        "Z": TerritoryFactory(code="07004", name="Zilhac", region=region, departement=dep),
        "X": TerritoryFactory(code="26001", name="Xaintrie", region=region, departement=other_dep),
    }
    schools = {
        name: school(communes[name[0]], f"École {name}") for name in ("A1", "A2", "B1", "C1", "C2", "C3", "Z1", "X1")
    }
    town_hall = OrganisationFactory(kind="commune", name="Mairie d'Aubenas", territory=communes["A"])
    agency = OrganisationFactory(kind="regional_agency", name="Agence ARA", territory=region)
    other_agency = OrganisationFactory(kind="regional_agency", name="Agence PACA", territory=other_region)
    questionnaire = Questionnaire.objects.filter(family=SCHOOL_FAMILY).order_by("version").first()
    today = timezone.localdate()

    def campaign(title: str, days_ago: int) -> Campaign:
        return Campaign.objects.create(
            questionnaire=questionnaire,
            agency=agency,
            title=title,
            opens_on=today - timedelta(days=days_ago + 30),
            closes_on=today - timedelta(days=days_ago),
        )

    previous, latest = campaign("Enquête 2025", 400), campaign("Enquête 2026", 20)
    s = schools
    answer(latest, s["A1"], classes=4, tablets=8, computers=4, screens=2, link="fibre", speed=4, ent="oui",
           delay="jour", needs=["pedagogie-numerique", "donnees-personnelles"])  # fmt: skip
    answer(latest, s["A2"], classes=6, tablets=0, computers=6, screens=3, link="adsl", speed=2, ent="non",
           delay="mois", needs=["pedagogie-numerique"])  # fmt: skip
    answer(latest, s["B1"], classes=2, tablets=6, computers=2, screens=0, link=None, speed=None, ent="oui",
           delay="semaine", needs=["donnees-personnelles", "parentalite-numerique"])  # fmt: skip
    answer(latest, s["C1"], classes=8, tablets=16, computers=8, screens=8, link="fibre", speed=5, ent="oui",
           delay="semaine", needs=["equipement-maintenance"])  # fmt: skip
    answer(latest, s["C2"], classes=5, tablets=0, computers=5, screens=1, link="adsl", speed=1, ent="oui",
           delay="plus")  # fmt: skip
    answer(latest, s["C3"], classes=5, tablets=10, computers=0, screens=5, link="fibre", speed=3, ent="non",
           delay="jour", needs=["pedagogie-numerique", "equipement-maintenance"])  # fmt: skip
    answer(latest, s["X1"], classes=10, tablets=30, computers=20, screens=10, link="fibre", speed=5, ent="oui",
           delay="jour")  # fmt: skip
    # A draft is not a response: it counts nowhere.
    Response.objects.create(campaign=latest, organisation=s["Z1"], status=ResponseStatus.DRAFT)
    for name, link in (("A1", "adsl"), ("C1", "fibre"), ("C2", "adsl")):
        answer(previous, s[name], classes=5, tablets=2, computers=3, screens=1, link=link, speed=2, ent="non",
               delay="mois")  # fmt: skip
    return SurveyWorld(
        region=region,
        departement=dep,
        other_departement=other_dep,
        epci=epci,
        communes=communes,
        schools=schools,
        town_hall=town_hall,
        agency=agency,
        other_agency=other_agency,
        latest=latest,
        previous=previous,
    )
