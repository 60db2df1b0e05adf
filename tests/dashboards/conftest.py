"""A département of three communes with 4, 6 and 20 trained people (issue 28's privacy case)."""

import pytest

from dashboards.services.refresh import dashboards_refresh
from lms.accounts.models import Audience
from lms.audiences import AudienceCode
from lms.organisations.models import TerritoryKind
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import CourseFactory, EnrolmentFactory
from tests.factories.organisations import OrganisationFactory, TerritoryFactory


def train(organisation, course, count: int, completed: int = 0, certified: int = 0) -> None:
    """`count` people enrolled through `organisation`, the first `completed` of them done, the first
    `certified` of those holding a valid attestation."""
    for index in range(count):
        done = index < completed
        enrolment = EnrolmentFactory(
            user=UserFactory(), course=course, organisation=organisation, status="completed" if done else "active"
        )
        if index < certified:
            CertificateFactory(enrolment=enrolment)


@pytest.fixture
def departement():
    """Région 84 > département 07 > communes A (4 trained), B (6) and C (20), one EPCI of A and B;
        an agent course for all of them; in C, 10 completed and 5 certified. The summary is refreshed:
    a test that adds data calls `dashboards_refresh()` again."""
    Audience.objects.ensure_all()
    region = TerritoryFactory(kind=TerritoryKind.REGION, code="84", name="Auvergne-Rhône-Alpes", region=None)
    dep = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche", region=region)
    epci = TerritoryFactory(kind=TerritoryKind.EPCI, code="240700000", name="CC d'essai", region=None)
    communes = {
        name: TerritoryFactory(
            kind=TerritoryKind.COMMUNE, name=name, region=region, departement=dep, epci=epci if name != "C" else None
        )
        for name in ("A", "B", "C")
    }
    course = CourseFactory()
    course.audiences.add(AudienceCode.AGENT)
    for name, count in (("A", 4), ("B", 6), ("C", 20)):
        town_hall = OrganisationFactory(territory=communes[name])
        train(town_hall, course, count, completed=10 if name == "C" else 0, certified=5 if name == "C" else 0)
    dashboards_refresh()
    return {"region": region, "departement": dep, "epci": epci, "communes": communes, "course": course}


from tests.dashboards.surveys_world import survey_world  # noqa: E402, F401  (the survey side's fixture)
