"""Reports: the manager tab's rates and no-shows, its CSV, members' marks, the trainer's hours,
and the territory totals for the dashboards."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from facetoface.access import ROLE_TRAINER
from facetoface.selectors import territory_attendance_totals
from facetoface.services.attendance import attendance_mark
from lms.organisations.models import MembershipRole
from tests.factories import MembershipFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(agent_course, town_hall):
    """A session of the town hall that took place: 4 seats, 3 people, two slots of 2 h; one
    person present twice, one present once, one absent twice."""
    now = timezone.now()
    session = TrainingSessionFactory(
        course=agent_course,
        organiser=town_hall,
        capacity=4,
        title="Atelier tenu",
        slots=[
            (now - timedelta(days=1, hours=4), now - timedelta(days=1, hours=2)),
            (now - timedelta(hours=4), now - timedelta(hours=2)),
        ],
    )
    trainer = TrainerProfileFactory()
    session.trainers.add(trainer)
    first, second = session.slots.order_by("start")
    people = [RegistrationFactory(session=session) for _ in range(3)]
    plan = [("present", "present"), ("present", "absent"), ("absent", "absent")]
    for registration, statuses in zip(people, plan, strict=True):
        for slot, status in zip((first, second), statuses, strict=True):
            attendance_mark(registration=registration, slot=slot, status=status, actor=trainer.user, role=ROLE_TRAINER)
    return session, trainer, people


def test_the_manager_tab_shows_fill_attendance_and_no_shows(client, held, town_hall):
    """3 of 4 seats: 75 %; 3 present marks of 6: 50 %; one person came to nothing."""
    manager = MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user
    client.force_login(manager)
    text = page_text(client.get(f"/organisations/{town_hall.slug}/sessions/"))
    assert "Atelier tenu" in text and "75\u00a0%" in text and "50\u00a0%" in text


def test_the_csv_export_is_streamed_with_the_figures(client, held, town_hall):
    """One line per session with its rates; 404 for a manager of another organisation."""
    session, _trainer, _people = held
    client.force_login(MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user)
    response = client.get(f"/organisations/{town_hall.slug}/sessions/export.csv")
    body = b"".join(response.streaming_content).decode()
    line = next(row for row in body.splitlines() if row.startswith(f"{session.pk};"))
    assert line.split(";")[6:] == ["4", "3", "75", "2", "50", "2", "1"]
    client.force_login(MembershipFactory(role=MembershipRole.MANAGER).user)
    assert client.get(f"/organisations/{town_hall.slug}/sessions/export.csv").status_code == 404


def test_a_manager_sees_only_their_members_marks(client, held, agent_course):
    """A member's marks and corrections appear in their organisation's tab; other people's do not."""
    session, trainer, people = held
    member_org_membership = MembershipFactory(user=people[0].user, role=MembershipRole.MEMBER)
    organisation = member_org_membership.organisation
    attendance_mark(
        registration=people[0],
        slot=session.slots.order_by("start").last(),
        status="excused",
        actor=trainer.user,
        role="organiser",
        reason="Arrêt maladie",
    )
    client.force_login(MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user)
    text = page_text(client.get(f"/organisations/{organisation.slug}/sessions/"))
    assert people[0].user.get_full_name() in text and "Arrêt maladie" in text
    assert people[1].user.get_full_name() not in text and people[2].user.get_full_name() not in text


def test_the_trainer_profile_shows_sessions_and_hours_given(client, held):
    """Two slots of 2 h over: 4 h given, in one session."""
    _session, trainer, _people = held
    client.force_login(trainer.user)
    text = page_text(client.get(f"/formateurs/{trainer.pk}/"))
    assert "1 session animée, 4 h de formation données." in text


def test_territory_totals_per_departement(held, ardeche):
    """The session's département: one session, three people, three present marks, 6 h."""
    totals = territory_attendance_totals([ardeche["departement"].pk])
    assert totals == [
        {
            "departement": ardeche["departement"].pk,
            "sessions": 1,
            "registrations": 3,
            "present_marks": 3,
            "hours": Decimal("6.00"),
        }
    ]
    assert territory_attendance_totals([ardeche["other_departement"].pk]) == []


def test_a_stranger_does_not_see_the_hours_of_a_profile(client, held):
    """The profile page stays behind the pool's rules: 404 for a learner."""
    _session, trainer, _people = held
    client.force_login(UserFactory())
    assert client.get(f"/formateurs/{trainer.pk}/").status_code == 404
