"""Training figures per territory, as the refresh stores them: attribution through the enrolment's
organisation, distinct people, valid attestations only; the page's read in fixed queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from dashboards.selectors import ALL, territory_dashboard
from dashboards.services.refresh import dashboards_refresh
from lms.audiences import AudienceCode
from lms.organisations.models import Territory, TerritoryKind
from tests.dashboards.conftest import train
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def by_name(dashboard):
    return {child.territory.name: child for child in dashboard.children}


def test_departement_lists_its_communes_with_their_people(departement):
    """Each commune counts the distinct people its organisations enrolled, per audience and for all."""
    dashboard = territory_dashboard(departement["departement"])
    figures = by_name(dashboard)
    assert list(figures) == ["A", "B", "C"]
    assert [figures[name].get("enrolled").value for name in "ABC"] == [4, 6, 20]
    assert figures["C"].get("completed", AudienceCode.AGENT).value == 10
    assert figures["C"].get("certified", AudienceCode.AGENT).value == 5
    assert figures["A"].get("enrolled", AudienceCode.TEACHER).value == 0
    assert dashboard.own.get("enrolled").value == 30
    assert dashboard.own.get("certified", AudienceCode.AGENT).value == 5


def test_region_and_nation_count_their_communes(departement):
    """The région lists the département with its 30 people; the nation lists the région."""
    assert by_name(territory_dashboard(departement["region"]))["Ardèche"].get("enrolled").value == 30
    national = territory_dashboard(None)
    assert by_name(national)["Auvergne-Rhône-Alpes"].get("enrolled").value == 30
    assert national.own.get("enrolled", ALL).value == 30


def test_epci_lists_only_its_member_communes(departement):
    """The EPCI of A and B lists those two, 10 people in all."""
    dashboard = territory_dashboard(departement["epci"])
    assert list(by_name(dashboard)) == ["A", "B"]
    assert dashboard.own.get("enrolled").value == 10


def test_an_agency_on_the_departement_counts_there_but_in_no_commune(departement):
    """People followed by an agency placed on the département count in it, not in its communes."""
    agency = OrganisationFactory(kind="agency", territory=departement["departement"])
    train(agency, departement["course"], 3)
    dashboards_refresh()
    dashboard = territory_dashboard(departement["departement"])
    assert dashboard.own.get("enrolled").value == 33
    assert sum(child.get("enrolled").value for child in dashboard.children) == 30
    assert by_name(territory_dashboard(departement["region"]))["Ardèche"].get("enrolled").value == 33


def test_expired_and_revoked_certificates_are_not_counted(departement):
    """Only valid attestations count as certified."""
    commune_a = departement["communes"]["A"]
    enrolment = commune_a.organisations.get().enrolments.first()
    CertificateFactory(enrolment=enrolment, revoked_at=timezone.now())
    dashboards_refresh()
    assert by_name(territory_dashboard(departement["departement"]))["A"].get("certified").value == 0


def test_populations_of_departement_and_region_are_their_communes_sum(departement):
    """Communes keep their COG population; the département and the région add theirs up."""
    dashboard = territory_dashboard(departement["departement"])
    assert [child.get("population").value for child in dashboard.children] == [1200, 1200, 1200]
    assert dashboard.own.get("population").value == 3600
    assert territory_dashboard(departement["region"]).own.get("population").value == 3600


def test_online_hours_are_the_estimated_duration_of_completed_courses(departement):
    """C's 10 completed enrolments of a 3-hour course give 30 hours online."""
    course = departement["course"]
    course.estimated_minutes = 180
    course.save()
    dashboards_refresh()
    figures = by_name(territory_dashboard(departement["departement"]))
    assert figures["C"].get("hours_online").value == 30
    assert figures["A"].get("hours_online").value == 0


def test_quarters_count_people_of_the_quarter_never_a_running_total(departement):
    """People enrolled in an earlier quarter count in that quarter only, not in later ones."""
    from dashboards.tables import quarter_rows

    enrolment = departement["communes"]["C"].organisations.get().enrolments.order_by("pk").first()
    enrolment.enrolled_at = timezone.now() - timezone.timedelta(days=200)
    enrolment.save()
    dashboards_refresh()
    rows = quarter_rows(territory_dashboard(departement["departement"]))
    shown = {row.quarter: row.enrolled.value for row in rows if row.enrolled.value}
    assert sorted(shown.values()) == [1, 29]


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
    """The département's figures take three queries with 1,000 communes as with 10."""
    dep = departement["departement"]
    _communes(dep, 10 - 3)
    dashboards_refresh()
    with CaptureQueriesContext(connection) as few:
        small = territory_dashboard(dep)
    Territory.objects.filter(code__startswith="X").delete()
    _communes(dep, 1000 - 3)
    dashboards_refresh()
    with CaptureQueriesContext(connection) as many:
        large = territory_dashboard(dep)
    assert len(small.children) == 10 and len(large.children) == 1000
    assert len(few) == len(many) == 3
