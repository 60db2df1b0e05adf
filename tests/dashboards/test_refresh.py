"""The summary refresh: idempotent, scheduled nightly on the long cluster, and one suppression
decision for the whole country, the same in every group a cell belongs to."""

from django.core.management import call_command

import pytest

from dashboards.models import TerritoryFigure
from dashboards.services.refresh import dashboards_refresh
from dashboards.suppression import Hidden, suppress_all
from lms.organisations.models import TerritoryKind
from lms.runtime.schedules import registered_schedules
from tests.dashboards.conftest import train
from tests.factories.organisations import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    rows = TerritoryFigure.objects.values_list("territory_id", "measure", "audience", "period", "value", "hidden")
    return sorted(rows, key=lambda row: (row[0] or 0, *row[1:]))


def hidden_of(territory, measure="enrolled", audience="all") -> str:
    row = TerritoryFigure.objects.filter(territory=territory, measure=measure, audience=audience, period="").first()
    return row.hidden if row else ""


def test_refresh_twice_writes_the_same_rows(departement):
    """Running the refresh again on the same data leaves exactly the same rows."""
    first = stored()
    assert first
    assert dashboards_refresh() == len(first)
    assert stored() == first


def test_refresh_command_replaces_the_figures(departement):
    """`manage.py refresh_dashboards` recomputes: new enrolments show after it."""
    commune_c = departement["communes"]["C"]
    train(commune_c.organisations.get(), departement["course"], 5)
    call_command("refresh_dashboards", stdout=open("/dev/null", "w"))  # noqa: SIM115
    row = TerritoryFigure.objects.get(territory=commune_c, measure="enrolled", audience="all", period="")
    assert row.value == 25


def test_refresh_is_scheduled_nightly_on_the_long_cluster():
    """The refresh reads every enrolment: it runs once a day, on the long cluster."""
    task = next(task for task in registered_schedules() if task.name == "dashboards.refresh")
    assert (task.func, task.minutes, task.cluster) == ("dashboards.tasks.refresh", 24 * 60, "long")


def test_commune_hidden_in_its_epci_is_hidden_in_its_departement(departement):
    """One decision per cell: A and B are hidden alike in the département's and the EPCI's tables."""
    communes = departement["communes"]
    assert hidden_of(communes["A"]) == Hidden.SMALL
    assert hidden_of(communes["B"]) == Hidden.COMPLEMENT
    assert hidden_of(communes["C"]) == ""
    assert hidden_of(departement["epci"]) == ""


def test_an_epci_across_two_departements_carries_its_complement_over(departement):
    """An EPCI of commune D (3 people, in another département) and commune C: hiding D there
    needs a complement (C), which the département of C must then hide too, and the département
    of C then needs C's group to stay safe."""
    region = departement["region"]
    other = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="26", name="Drôme", region=region)
    epci = TerritoryFactory(kind=TerritoryKind.EPCI, code="200000000", name="CC à cheval", region=None)
    commune_d = TerritoryFactory(kind=TerritoryKind.COMMUNE, name="D", region=region, departement=other, epci=epci)
    commune_e = TerritoryFactory(kind=TerritoryKind.COMMUNE, name="E", region=region, departement=other)
    commune_c = departement["communes"]["C"]
    commune_c.epci = epci
    commune_c.save()
    train(OrganisationFactory(territory=commune_d), departement["course"], 3)
    train(OrganisationFactory(territory=commune_e), departement["course"], 12)
    dashboards_refresh()
    assert hidden_of(commune_d) == Hidden.SMALL
    # In the EPCI (C 20, D 3): C is the complement; so it is in Ardèche's table too.
    assert hidden_of(commune_c) == Hidden.COMPLEMENT
    # Drôme (E 12, D 3): E hidden as D's complement.
    assert hidden_of(commune_e) == Hidden.COMPLEMENT


def test_a_departement_hidden_in_its_region_keeps_a_commune_hidden():
    """A département hidden as a complement: its communes' visible figures must not add up to it."""
    values = {"R": 20, "D1": 3, "D2": 17, "c1": 17}
    groups = [("R", ["D1", "D2"]), ("D2", ["c1"])]
    hidden = suppress_all(values, groups)
    assert hidden["D1"] == Hidden.SMALL and hidden["D2"] == Hidden.COMPLEMENT
    assert hidden["c1"] == Hidden.COMPLEMENT


def test_decision_does_not_depend_on_the_order_of_the_rows():
    """Hiding is by value then key: the same figures in another order hide the same cells."""
    values = {"P": 30, "a": 4, "b": 6, "c": 20}
    assert suppress_all(values, [("P", ["a", "b", "c"])]) == suppress_all(values, [("P", ["c", "b", "a"])])


def test_a_complement_chosen_in_an_epci_is_protected_in_its_departement():
    """x (10) is hidden in its EPCI to protect z (3); in its département, beside y (20) under a
    total of 30, it would read 30 − 20: y must be hidden there too."""
    values = {"D": 30, "x": 10, "y": 20, "E": 13, "z": 3}
    hidden = suppress_all(values, [("D", ["x", "y"]), ("E", ["x", "z"])])
    assert hidden == {"z": Hidden.SMALL, "x": Hidden.COMPLEMENT, "y": Hidden.COMPLEMENT}


def test_closing_a_session_refreshes_the_figures(departement, django_capture_on_commit_callbacks):
    """A session closed in the département shows on its dashboard without waiting for the night."""
    from datetime import timedelta

    from django.utils import timezone

    from facetoface.services.attendance import session_close
    from tests.factories import UserFactory
    from tests.factories.facetoface import TrainerProfileFactory, TrainingSessionFactory

    def sessions_held() -> int:
        row = TerritoryFigure.objects.filter(territory=departement["departement"], measure="sessions").first()
        return row.value if row else 0

    assert sessions_held() == 0
    end = timezone.now() - timedelta(hours=1)
    organiser = OrganisationFactory(territory=departement["communes"]["C"])
    session = TrainingSessionFactory(
        course=departement["course"],
        organiser=organiser,
        territory=departement["departement"],
        slots=[(end - timedelta(hours=2), end)],
    )
    session.trainers.add(TrainerProfileFactory())
    with django_capture_on_commit_callbacks(execute=True):
        session_close(session=session, actor=UserFactory())
    assert sessions_held() == 1


def test_an_audience_cannot_be_found_by_subtracting_the_others_from_the_total(departement):
    """Commune C: 20 agents and 3 parents. "Parents < 5" must not be 23 minus a visible 20."""
    from lms.audiences import AudienceCode
    from tests.factories.courses import CourseFactory

    parents_course = CourseFactory()
    parents_course.audiences.add(AudienceCode.PARENT)
    train(OrganisationFactory(territory=departement["communes"]["C"]), parents_course, 3)
    dashboards_refresh()
    commune = departement["communes"]["C"]
    assert hidden_of(commune, audience=AudienceCode.PARENT) == Hidden.SMALL
    # The total or the other audience is hidden too, as a complement.
    assert hidden_of(commune, audience="all") or hidden_of(commune, audience=AudienceCode.AGENT)


def test_presence_marks_hide_with_the_people_they_come_from(departement):
    """One person at a six-slot session makes six marks: hidden with "registrations < 5"."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.facetoface import AttendanceFactory, RegistrationFactory, TrainingSessionFactory

    end = timezone.now() - timedelta(days=1)
    slots = [(end - timedelta(days=day, hours=2), end - timedelta(days=day)) for day in range(6)]
    organiser = OrganisationFactory(territory=departement["communes"]["C"])
    session = TrainingSessionFactory(
        course=departement["course"], organiser=organiser, territory=departement["departement"], slots=slots
    )
    registration = RegistrationFactory(session=session, status="confirmed")
    for slot in session.slots.all():
        AttendanceFactory(registration=registration, slot=slot)
    dashboards_refresh()
    place = departement["departement"]
    assert TerritoryFigure.objects.get(territory=place, measure="present", audience="all", period="").value == 6
    assert hidden_of(place, measure="registrations") == Hidden.SMALL
    assert hidden_of(place, measure="present") == Hidden.SMALL
    assert hidden_of(place, measure="hours_attended") == Hidden.SMALL
