"""Ardèche in miniature: Privas and Flaviac in one EPCI, Aubenas elsewhere in the département,
Lyon in another; relays in each."""

import pytest

from lms.organisations.models import TerritoryKind
from tests.factories.organisations import OrganisationFactory, TerritoryFactory
from tests.factories.relays import RelayProfileFactory


@pytest.fixture
def geography():
    ardeche = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche")
    rhone = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="69", name="Rhône")
    privas_ca = TerritoryFactory(kind=TerritoryKind.EPCI, code="200072023", name="CA Privas Centre Ardèche")
    aubenas_cc = TerritoryFactory(kind=TerritoryKind.EPCI, code="200071876", name="CC du Bassin d'Aubenas")

    def commune(code, name, departement, epci, population=1000):
        return TerritoryFactory(
            kind=TerritoryKind.COMMUNE,
            code=code,
            name=name,
            departement=departement,
            epci=epci,
            population=population,
            postcodes=[code[:2] + "000"],
        )

    return {
        "privas": commune("07186", "Privas", ardeche, privas_ca, 8000),
        "flaviac": commune("07090", "Flaviac", ardeche, privas_ca),
        "aubenas": commune("07019", "Aubenas", ardeche, aubenas_cc, 12000),
        "lyon": commune("69123", "Lyon", rhone, None, 500000),
    }


def relay(territory, name, *, kind="epn", **profile):
    organisation = OrganisationFactory(kind=kind, name=name, territory=territory)
    return RelayProfileFactory(organisation=organisation, **profile)
