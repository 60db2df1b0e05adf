"""Training figures per territory: attribution through the enrolment's organisation, fixed queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from dashboards.selectors import ALL, training_children
from lms.audiences import AudienceCode
from lms.organisations.models import Territory, TerritoryKind
from tests.dashboards.conftest import train
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def by_name(table):
    return {child.name: table.figures[child.pk] for child in table.children}


def test_departement_lists_its_communes_with_their_people(departement):
    """Each commune counts the distinct people its organisations enrolled, per audience and for all."""
    table = training_children(departement["departement"])
    figures = by_name(table)
    assert list(figures) == ["A", "B", "C"]
    assert [figures[name][ALL].enrolled for name in "ABC"] == [4, 6, 20]
    assert figures["C"][AudienceCode.AGENT].completed == 10
    assert figures["C"][AudienceCode.AGENT].certified == 5
    assert figures["A"][AudienceCode.TEACHER].enrolled == 0
    assert table.parent[ALL].enrolled == 30
    assert table.parent[AudienceCode.AGENT].certified == 5


def test_region_and_nation_sum_up_their_communes(departement):
    """The région lists the département with its 30 people; the nation lists the région."""
    region_table = training_children(departement["region"])
    assert by_name(region_table)["Ardèche"][ALL].enrolled == 30
    national = training_children(None)
    assert by_name(national)["Auvergne-Rhône-Alpes"][ALL].enrolled == 30
    assert national.parent[ALL].enrolled == 30


def test_epci_lists_only_its_member_communes(departement):
    """The EPCI of A and B lists those two, 10 people in all."""
    table = training_children(departement["epci"])
    assert list(by_name(table)) == ["A", "B"]
    assert table.parent[ALL].enrolled == 10


def test_an_agency_on_the_departement_counts_there_but_in_no_commune(departement):
    """People followed by an agency placed on the département count in it, not in its communes."""
    agency = OrganisationFactory(kind="agency", territory=departement["departement"])
    train(agency, departement["course"], 3)
    table = training_children(departement["departement"])
    assert table.parent[ALL].enrolled == 33
    assert sum(figures[ALL].enrolled for figures in table.figures.values()) == 30
    assert by_name(training_children(departement["region"]))["Ardèche"][ALL].enrolled == 33


def test_expired_and_revoked_certificates_are_not_counted(departement):
    """Only valid attestations count as certified."""
    commune_a = departement["communes"]["A"]
    enrolment = commune_a.organisations.get().enrolments.first()
    CertificateFactory(enrolment=enrolment, revoked_at=timezone.now())
    table = training_children(departement["departement"])
    assert by_name(table)["A"][ALL].certified == 0


def _communes(departement, count: int) -> None:
    Territory.objects.bulk_create(
        Territory(
            kind=TerritoryKind.COMMUNE,
            code=f"X{index:05d}",
            name=f"Commune {index}",
            search_name=f"commune {index}",
            departement=departement,
            region=departement.region,
        )
        for index in range(count)
    )


def test_query_count_is_the_same_for_10_and_1000_communes(departement):
    """The département's figures take as many queries with 1,000 communes as with 10."""
    dep = departement["departement"]
    _communes(dep, 10 - 3)
    with CaptureQueriesContext(connection) as few:
        small = training_children(dep)
    Territory.objects.filter(code__startswith="X").delete()
    _communes(dep, 1000 - 3)
    with CaptureQueriesContext(connection) as many:
        large = training_children(dep)
    assert len(small.children) == 10 and len(large.children) == 1000
    assert len(few) == len(many) == 9
