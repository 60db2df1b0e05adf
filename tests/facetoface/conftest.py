import pytest

from tests.factories import CourseFactory, TerritoryFactory
from tests.factories.organisations import OrganisationFactory


@pytest.fixture
def ardeche(db):
    """A département with two communes, the second one elsewhere."""
    departement = TerritoryFactory(kind="departement", code="97", name="Département d'essai")
    privas = TerritoryFactory(code="97001", name="Privas-essai", departement=departement)
    other_departement = TerritoryFactory(kind="departement", code="98", name="Autre département")
    elsewhere = TerritoryFactory(code="98001", name="Ailleurs", departement=other_departement)
    return {
        "departement": departement,
        "privas": privas,
        "other_departement": other_departement,
        "elsewhere": elsewhere,
    }


@pytest.fixture
def agent_course(db):
    course = CourseFactory(title="Les démarches en ligne")
    course.audiences.set(["agent"])
    return course


@pytest.fixture
def town_hall(ardeche):
    return OrganisationFactory(kind="commune", name="Mairie d'essai", territory=ardeche["privas"])
