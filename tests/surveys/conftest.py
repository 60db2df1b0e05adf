from dataclasses import dataclass

import pytest

from lms.organisations.models import MembershipRole, Organisation
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.surveys import CampaignFactory, CampaignTargetFactory

_uai = iter(range(1000, 999999))


def school(commune, name: str = "") -> Organisation:
    from lms.organisations.validators import uai_check_letter

    number = f"{next(_uai):07d}"
    return OrganisationFactory(
        kind="ecole", name=name or f"École {number}", territory=commune, uai=number + uai_check_letter(number)
    )


def manager_of(organisation: Organisation, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.MANAGER)
    return user


@dataclass
class World:
    region: object
    departement: object
    epci: object
    commune: object
    other_region: object
    other_departement: object
    other_commune: object
    agency: Organisation
    agency_staff: object
    other_agency: Organisation
    other_staff: object


@pytest.fixture
def world(db) -> World:
    """Two régions with a département each; an agency and one staff member in each."""
    region = TerritoryFactory(kind="region", code="R1", name="Région d'essai")
    departement = TerritoryFactory(kind="departement", code="D1", name="Département d'essai", region=region)
    epci = TerritoryFactory(kind="epci", code="200000001", name="Communauté d'essai", region=region)
    commune = TerritoryFactory(code="D1001", name="Bourg-d'essai", region=region, departement=departement, epci=epci)
    other_region = TerritoryFactory(kind="region", code="R2", name="Autre région")
    other_departement = TerritoryFactory(kind="departement", code="D2", name="Autre département", region=other_region)
    other_commune = TerritoryFactory(code="D2001", name="Ailleurs", region=other_region, departement=other_departement)
    agency = OrganisationFactory(kind="regional_agency", name="Agence d'essai", territory=region)
    other_agency = OrganisationFactory(kind="regional_agency", name="Autre agence", territory=other_region)
    return World(
        region=region,
        departement=departement,
        epci=epci,
        commune=commune,
        other_region=other_region,
        other_departement=other_departement,
        other_commune=other_commune,
        agency=agency,
        agency_staff=manager_of(agency),
        other_agency=other_agency,
        other_staff=manager_of(other_agency),
    )


@pytest.fixture
def campaign(world):
    return CampaignFactory(agency=world.agency)


@pytest.fixture
def target(world, campaign):
    """A school of the campaign's département, with its head as manager (`target.head`)."""
    organisation = school(world.commune, "École des Essais")
    row = CampaignTargetFactory(campaign=campaign, organisation=organisation)
    row.head = manager_of(organisation)
    return row


FIRST_SECTION = {"tablettes": ["12"], "connectee": ["oui"], "connexion": ["fibre"]}
SECOND_SECTION = {"cycles": ["cycle1", "cycle2"], "usage_cycle1": ["souvent"], "satisfaction": ["4"]}
