"""The attendance pages: who may open them (404 for anyone else), marking without JavaScript,
walk-ins, the presence page of the QR code, closing and the sheets, and query counts."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from facetoface.access import ROLE_TRAINER
from facetoface.models import Attendance, AttendanceCorrection, AttendanceSheet, Registration
from facetoface.services.attendance import attendance_mark, presence_token
from lms.organisations.models import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(agent_course, town_hall):
    """A session of the town hall, with its trainer, whose slot started an hour ago."""
    start = timezone.now() - timedelta(hours=1)
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, slots=[(start, start + timedelta(hours=3))]
    )
    trainer = TrainerProfileFactory()
    session.trainers.add(trainer)
    return session, session.slots.get(), trainer.user


def _people(town_hall):
    """Everyone who may or may not open a session's attendance."""
    agency = OrganisationFactory(kind="regional_agency", territory=town_hall.territory)
    return {
        "organiser": MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user,
        "other_manager": MembershipFactory(role=MembershipRole.MANAGER).user,
        "agency_staff_not_organiser": MembershipFactory(organisation=agency).user,
        "member": MembershipFactory(organisation=town_hall).user,
        "stranger": UserFactory(),
    }


def test_the_404_matrix_of_the_attendance_pages(client, running, town_hall, django_capture_on_commit_callbacks):
    """The slot page, its marks (corrections), the QR code, closing and sheets: the trainers, the
    organiser and staff; everyone else gets a 404, as does a participant."""
    session, slot, trainer = running
    registration = RegistrationFactory(session=session)
    AttendanceSheet.objects.create(session=session, version=1, sha256="0" * 64, file="emargements/x.pdf")
    urls = [
        f"/sessions/creneaux/{slot.pk}/presences/",
        f"/sessions/creneaux/{slot.pk}/code/",
        f"/sessions/{session.pk}/presences/",
        f"/sessions/{session.pk}/emargement/v2.pdf",
    ]
    people = _people(town_hall)
    people["participant"] = registration.user
    for name, person in people.items():
        if name == "organiser":
            continue
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (name, url)
        response = client.post(urls[0], {"registration": registration.pk, "status": "present"})
        assert response.status_code == 404, name
        assert client.post(f"/sessions/{session.pk}/cloture/").status_code == 404, name
    assert not Attendance.objects.exists()
    for person in (trainer, people["organiser"], UserFactory(is_staff=True)):
        client.force_login(person)
        for url in urls[:3]:
            assert client.get(url).status_code == 200, (person, url)
        assert client.get(f"/sessions/{session.pk}/emargement/v9.pdf").status_code == 404


def test_a_tap_marks_one_person_without_javascript(client, running):
    """A plain form per person: the button's value is the mark; a second tap is a correction."""
    session, slot, trainer = running
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    url = f"/sessions/creneaux/{slot.pk}/presences/"
    response = client.post(url, {"registration": registration.pk, "status": "absent"})
    assert response.status_code == 302 and response["Location"] == f"{url}#personne-{registration.pk}"
    client.post(url, {"registration": registration.pk, "status": "present"})
    assert Attendance.objects.get().status == "present"
    assert AttendanceCorrection.objects.get().old_status == "absent"
    text = page_text(client.get(url))
    assert "Corrections" in text and "absent → présent" in text


def test_a_registration_of_another_session_cannot_be_marked(client, running):
    """The registration posted must belong to the slot's session."""
    _session, slot, trainer = running
    elsewhere = RegistrationFactory()
    client.force_login(trainer)
    response = client.post(f"/sessions/creneaux/{slot.pk}/presences/", {"registration": elsewhere.pk, "status": "x"})
    assert response.status_code == 404 and not Attendance.objects.exists()


def test_a_walk_in_in_the_audience_is_registered_and_marked(client, running):
    """The trainer types the e-mail of an existing account in the course's audience: registered
    on the spot and marked present; someone outside the audience is refused, nothing marked."""
    session, slot, trainer = running
    walk_in = UserFactory(email="passant@exemple.fr", audiences=["agent"])
    outsider = UserFactory(email="parent@exemple.fr", audiences=["parent"])
    client.force_login(trainer)
    url = f"/sessions/creneaux/{slot.pk}/presences/"
    client.post(url, {"action": "walk_in", "email": "PASSANT@exemple.fr"})
    registration = Registration.objects.get(session=session, user=walk_in)
    assert registration.status == "confirmed" and registration.registered_by == trainer
    assert Attendance.objects.get(registration=registration).status == "present"
    response = client.post(url, {"action": "walk_in", "email": outsider.email}, follow=True)
    assert "Cette formation s'adresse à" in page_text(response)
    assert not Registration.objects.filter(user=outsider).exists()


def test_an_unknown_walk_in_email_is_refused(client, running):
    """No account, no registration: a French message."""
    _session, slot, trainer = running
    client.force_login(trainer)
    response = client.post(
        f"/sessions/creneaux/{slot.pk}/presences/", {"action": "walk_in", "email": "inconnu@exemple.fr"}, follow=True
    )
    assert "Aucun compte n'a cette adresse e-mail" in page_text(response)
    assert not Registration.objects.exists()


def test_the_presence_page_confirms_by_post(client, running):
    """GET shows the button only; POST marks the signed-in participant present by themselves."""
    session, slot, _trainer = running
    registration = RegistrationFactory(session=session)
    client.force_login(registration.user)
    url = f"/sessions/presence/{presence_token(slot)}/"
    assert "Je suis présent" in page_text(client.get(url))
    assert not Attendance.objects.exists()
    assert "Votre présence est notée" in page_text(client.post(url))
    assert Attendance.objects.get().method == "self"


@pytest.mark.parametrize("token", ["nimportequoi", "eyJzIjoxLCJ3IjoxfQ:forged:sig"])
def test_a_forged_token_shows_a_french_message_and_marks_nothing(client, running, token):
    """A token that is not ours is refused with a French message, and nothing is marked."""
    session, _slot, _trainer = running
    registration = RegistrationFactory(session=session)
    client.force_login(registration.user)
    response = client.post(f"/sessions/presence/{token}/")
    assert response.status_code == 400 and "Ce code n'est pas valide" in page_text(response)
    assert not Attendance.objects.exists()


def test_someone_not_registered_cannot_sign_in(client, running):
    """A signed-in person who is not registered gets a French message and no mark."""
    _session, slot, _trainer = running
    client.force_login(UserFactory())
    response = client.post(f"/sessions/presence/{presence_token(slot)}/")
    assert "Vous n'êtes pas inscrit" in page_text(response)
    assert not Attendance.objects.exists()


def test_closing_and_downloading_the_sheet(client, agent_course, town_hall, django_capture_on_commit_callbacks):
    """The trainer closes the ended session; the sheet task stores version 1; the trainer downloads it."""
    start = timezone.now() - timedelta(hours=5)
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, slots=[(start, start + timedelta(hours=3))]
    )
    trainer = TrainerProfileFactory()
    session.trainers.add(trainer)
    registration = RegistrationFactory(session=session)
    attendance_mark(
        registration=registration, slot=session.slots.get(), status="present", actor=trainer.user, role=ROLE_TRAINER
    )
    client.force_login(trainer.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sessions/{session.pk}/cloture/")
    sheet = AttendanceSheet.objects.get(session=session)
    response = client.get(f"/sessions/{session.pk}/emargement/v{sheet.version}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_slot_page_costs_the_same_for_2_and_20_participants(client, running):
    """Registrations, marks, their authors and corrections come with the page, not per person."""
    session, slot, trainer = running

    def add(count):
        for _ in range(count):
            registration = RegistrationFactory(session=session)
            attendance_mark(registration=registration, slot=slot, status="absent", actor=trainer, role=ROLE_TRAINER)
            attendance_mark(registration=registration, slot=slot, status="present", actor=trainer, role=ROLE_TRAINER)

    client.force_login(trainer)
    url = f"/sessions/creneaux/{slot.pk}/presences/"
    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(18)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_no_walk_in_before_the_slot_opens(client, agent_course, town_hall):
    """Two hours before the slot, a walk-in is refused and nobody is registered."""
    start = timezone.now() + timedelta(hours=2)
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, slots=[(start, start + timedelta(hours=3))]
    )
    trainer = TrainerProfileFactory()
    session.trainers.add(trainer)
    UserFactory(email="passant@exemple.fr", audiences=["agent"])
    client.force_login(trainer.user)
    response = client.post(
        f"/sessions/creneaux/{session.slots.get().pk}/presences/",
        {"action": "walk_in", "email": "passant@exemple.fr"},
        follow=True,
    )
    assert "Ce créneau n'a pas commencé" in page_text(response)
    assert not Registration.objects.exists()
