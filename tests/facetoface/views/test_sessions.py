"""/sessions/: the listing and its filters, a session's page, the forms, and the 404 matrix."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from facetoface.models import Registration, TrainingSession
from facetoface.services.registrations import registration_create
from facetoface.services.sessions import session_save
from lms.organisations.models import MembershipRole
from tests.factories import CourseFactory, MemberGroupFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory, paris
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(town_hall):
    return MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user


def test_the_listing_shows_upcoming_sessions_with_seats_left(client, agent_course, town_hall):
    """Upcoming sessions only, with the seats left; cancelled and past ones are not listed."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=3, title="Atelier à venir")
    RegistrationFactory(session=session)
    TrainingSessionFactory(title="Atelier annulé", cancelled_at=paris(0, 8))
    TrainingSessionFactory(title="Atelier passé", slots=[(paris(-3, 9), paris(-3, 12))])
    text = page_text(client.get("/sessions/"))
    assert "Atelier à venir" in text and "2 places restantes" in text
    assert "Atelier annulé" not in text and "Atelier passé" not in text


def test_the_site_menu_links_to_the_sessions(client):
    """Every page's main menu leads to /sessions/, right after the scenarios."""
    text = page_text(client.get("/sessions/"))
    assert re.search(r'href="/scenarios/">Scénarios</a></li>\s*<li><a href="/sessions/">Sessions</a></li>', text)


def test_the_listing_filters(client, agent_course, town_hall, ardeche):
    """By département, commune, course, audience and month."""
    here = TrainingSessionFactory(course=agent_course, organiser=town_hall, title="Ici")
    elsewhere_org = OrganisationFactory(territory=ardeche["elsewhere"])
    teachers = CourseFactory()
    teachers.audiences.set(["teacher"])
    TrainingSessionFactory(
        course=teachers, organiser=elsewhere_org, title="Là-bas", slots=[(paris(40, 9), paris(40, 12))]
    )
    assert "Là-bas" not in page_text(client.get("/sessions/", {"departement": ardeche["departement"].pk}))
    assert "Là-bas" not in page_text(client.get("/sessions/", {"commune": "97001"}))
    assert "Là-bas" not in page_text(client.get("/sessions/", {"course": agent_course.pk}))
    text = page_text(client.get("/sessions/", {"audience": "teacher"}))
    assert "Là-bas" in text and "Ici" not in text
    month = here.slots.get().start.strftime("%Y-%m")
    text = page_text(client.get("/sessions/", {"month": month}))
    assert "Ici" in text


def test_the_listing_costs_the_same_for_2_and_20_sessions(client, town_hall):
    """Slots, trainers, seats taken and places come with the page, not per session."""

    def add(count):
        for _ in range(count):
            session = TrainingSessionFactory(organiser=town_hall)
            session.trainers.add(TrainerProfileFactory())
            RegistrationFactory(session=session)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sessions/").status_code == 200
    add(18)
    with CaptureQueriesContext(connection) as many:
        client.get("/sessions/")
    assert len(few) == len(many)
    # The count; the page of sessions with course, place and seats taken; slots; trainers with
    # their users; the départements and the courses of the filters.
    assert len(many) == 6, [query["sql"] for query in many.captured_queries]


def test_a_removed_slot_leaves_the_pages(client, agent_course, town_hall, manager):
    """After a slot is removed, the listing, the course page's card, the session page and the
    manager's tab show only the slots left."""
    removed, kept = (paris(7, 9), paris(7, 12)), (paris(8, 14), paris(8, 17))
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, slots=[removed, kept])
    session_save(session=session, slots=[kept], trainers=[], actor=manager)
    listing = page_text(client.get("/sessions/"))
    assert "14:00–17:00" in listing and "09:00" not in listing and "autre créneau" not in listing
    detail = page_text(client.get(f"/sessions/{session.pk}/"))
    assert "de 14:00 à 17:00" in detail and "de 09:00 à 12:00" not in detail
    client.force_login(manager)
    tab = page_text(client.get(reverse("facetoface:organisation_sessions", args=[town_hall.slug])))
    assert timezone.localtime(kept[0]).strftime("%H:%M") in tab and "09:00" not in tab


def test_registering_from_the_session_page(client, agent_course, town_hall):
    """A learner registers with one button, then sees the calendar link and the cancel link."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    learner = UserFactory(audiences=["agent"])
    client.force_login(learner)
    response = client.post(f"/sessions/{session.pk}/inscription/", follow=True)
    text = page_text(response)
    assert "Vous êtes inscrit(e)" in text and "Ajouter à mon agenda" in text
    registration = Registration.objects.get(user=learner)
    response = client.get(f"/sessions/inscriptions/{registration.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert "Mes sessions" in page_text(client.get("/mon-espace/"))


def test_the_session_page_says_why_one_cannot_register(client, agent_course, town_hall):
    """A teacher sees the course's audience rule instead of the button."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    client.force_login(UserFactory(audiences=["teacher"]))
    text = page_text(client.get(f"/sessions/{session.pk}/"))
    assert "Cette formation s'adresse à" in text and "M'inscrire" not in text


def test_after_the_deadline_the_button_says_to_tell_the_organiser(client, agent_course, town_hall):
    """Past the deadline, the cancel page asks to tell the organiser and changes nothing."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    learner = UserFactory(audiences=["agent"])
    registration = registration_create(user=learner, session=session)
    session.registration_deadline = paris(0, 0) - timedelta(days=1)
    session.save()
    client.force_login(learner)
    assert "Prévenez l'organisateur" in page_text(client.get(f"/sessions/{session.pk}/"))
    response = client.post(f"/sessions/inscriptions/{registration.pk}/desinscription/")
    assert "La date limite est passée" in page_text(response)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def slot_data(rows):
    data = {"creneaux-TOTAL_FORMS": str(len(rows)), "creneaux-INITIAL_FORMS": "0"}
    for index, (day, start, end) in enumerate(rows):
        data |= {f"creneaux-{index}-day": day, f"creneaux-{index}-start": start, f"creneaux-{index}-end": end}
    return data


def test_a_manager_creates_a_session_with_two_half_days(client, manager, agent_course, town_hall):
    """The front-end form creates the session with its slots; the commune comes from the place."""
    client.force_login(manager)
    day = paris(10, 9).date().isoformat()
    data = {
        "course": agent_course.pk,
        "organiser": town_hall.pk,
        "place_organisation": town_hall.pk,
        "capacity": "2",
        "registration_deadline": paris(8, 18).strftime("%Y-%m-%dT%H:%M"),
    } | slot_data([(day, "09:00", "12:00"), (day, "14:00", "17:00")])
    response = client.post("/sessions/nouvelle/", data)
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sessions/{session.pk}/"
    assert session.territory == town_hall.territory and session.slots.count() == 2


def test_the_session_form_gives_french_errors(client, manager, agent_course, town_hall):
    """Missing place, zero seats and overlapping slots each get a French message; nothing saved."""
    client.force_login(manager)
    day = paris(10, 9).date().isoformat()
    data = {
        "course": agent_course.pk,
        "organiser": town_hall.pk,
        "capacity": "0",
        "registration_deadline": paris(8, 18).strftime("%Y-%m-%dT%H:%M"),
    } | slot_data([(day, "09:00", "12:00"), (day, "11:00", "13:00")])
    text = page_text(client.post("/sessions/nouvelle/", data))
    assert "Indiquez un lieu" in text
    assert "Une session a au moins une place" in text or "supérieure ou égale à 1" in text
    assert "se chevauchent" in text
    assert not TrainingSession.objects.exists()


def test_the_404_matrix_of_sessions(client, manager, agent_course, town_hall):
    """Another organisation's manager, a learner or a visitor cannot edit, cancel or delete a
    session; its organiser's manager and its trainer can."""
    trainer = TrainerProfileFactory()
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    session.trainers.add(trainer)
    other_manager = MembershipFactory(role=MembershipRole.MANAGER).user
    urls = [f"/sessions/{session.pk}/{action}/" for action in ("modifier", "annuler", "supprimer")]
    for person in (other_manager, UserFactory()):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)  # sign in first
    for person in (manager, trainer.user):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_the_404_matrix_of_registrations(client, agent_course, town_hall):
    """Someone else's registration: no cancel page, no calendar file, no confirmation."""
    registration = RegistrationFactory(session=TrainingSessionFactory(course=agent_course, organiser=town_hall))
    client.force_login(UserFactory())
    base = f"/sessions/inscriptions/{registration.pk}"
    assert client.get(f"{base}/desinscription/").status_code == 404
    assert client.get(f"{base}/agenda.ics").status_code == 404
    assert client.post(f"{base}/confirmer/").status_code == 404


def test_the_manager_space_sessions_tab_and_approval(client, manager, agent_course, town_hall):
    """The tab lists the organisation's sessions and its members' requests; the manager
    approves one; another organisation's manager gets 404 for the tab and the decision."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, requires_manager_approval=True)
    learner = UserFactory(audiences=["agent"])
    registration = registration_create(user=learner, session=session)
    client.force_login(manager)
    text = page_text(client.get(f"/organisations/{town_hall.slug}/sessions/"))
    assert session.display_title in text and "demande à participer" in text
    other = MembershipFactory(role=MembershipRole.MANAGER)
    client.force_login(other.user)
    assert client.get(f"/organisations/{town_hall.slug}/sessions/").status_code == 404
    url = f"/organisations/{other.organisation.slug}/sessions/demandes/{registration.pk}/"
    assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(manager)
    client.post(f"/organisations/{town_hall.slug}/sessions/demandes/{registration.pk}/", {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_manager_registers_members_in_bulk(client, manager, agent_course, town_hall):
    """From the Sessions tab, members are registered; non-members are not offered."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    members = [MembershipFactory(organisation=town_hall).user for _ in range(2)]
    outsider = UserFactory()
    client.force_login(manager)
    url = f"/organisations/{town_hall.slug}/sessions/{session.pk}/inscrire/"
    assert outsider.email not in page_text(client.get(url))
    response = client.post(url, {"users": [member.pk for member in members]}, follow=True)
    assert "1 personne inscrite, 1 en liste d'attente." in page_text(response)


def test_a_manager_registers_a_whole_group_in_one_action(client, manager, agent_course, town_hall):
    """Choosing a group registers its current members, and only them (issue 33)."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=10)
    inside, outside = MembershipFactory(organisation=town_hall), MembershipFactory(organisation=town_hall)
    group = MemberGroupFactory(organisation=town_hall, name="Agents des écoles")
    group.memberships.add(inside)
    client.force_login(manager)
    url = f"/organisations/{town_hall.slug}/sessions/{session.pk}/inscrire/"
    assert "Agents des écoles" in page_text(client.get(url))
    response = client.post(url, {"group": group.pk}, follow=True)
    assert "1 personne inscrite" in page_text(response)
    assert list(Registration.objects.filter(session=session).values_list("user", flat=True)) == [inside.user_id]
    assert not Registration.objects.filter(user=outside.user).exists()


def test_my_sessions_cost_the_same_for_1_and_5_registrations(client, town_hall):
    """/mon-espace/'s "Mes sessions": registrations with their sessions and places, then the
    slots of all of them in one query."""
    learner = UserFactory()
    client.force_login(learner)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mon-espace/").status_code == 200
        return len(queries)

    RegistrationFactory(user=learner, session=TrainingSessionFactory(organiser=town_hall))
    one = count()
    for _ in range(4):
        RegistrationFactory(user=learner, session=TrainingSessionFactory(organiser=town_hall))
    assert count() == one


def test_the_course_page_and_the_manager_tabs_show_sessions(client, manager, town_hall):
    """The registries filled in ready(): the course page lists the course's upcoming sessions,
    and the manager space has a Sessions tab."""
    from django.test import RequestFactory

    from courses.course_sections import course_sections

    session = TrainingSessionFactory(organiser=town_hall, title="Atelier sur la page")
    sections = course_sections(RequestFactory().get("/"), session.course_id)
    # Other apps add their own sections (surveys: the course's surveys); this one is facetoface's.
    (sessions,) = [section for section in sections if section["code"] == "facetoface.sessions"]
    assert [s.pk for s in sessions["context"]["sessions"]] == [session.pk]
    client.force_login(manager)
    text = page_text(client.get(f"/organisations/{town_hall.slug}/"))
    assert f'href="/organisations/{town_hall.slug}/sessions/"' in text


def test_the_course_page_lists_its_upcoming_sessions(client, town_hall, no_page_cache):
    """The CMS course page shows the course's upcoming sessions, not another course's."""
    from tests.factories import CoursePageFactory
    from tests.factories.cms import publish

    course_page = publish(CoursePageFactory(live=False, audiences=["agent"]))
    course_page.refresh_from_db()
    TrainingSessionFactory(course=course_page.course, organiser=town_hall, title="Atelier de cette formation")
    TrainingSessionFactory(organiser=town_hall, title="Atelier d'une autre formation")
    text = page_text(client.get(course_page.url))
    assert "Sessions en présentiel" in text and "Atelier de cette formation" in text
    assert "Atelier d'une autre formation" not in text


def test_visitors_see_a_new_session_on_the_cached_course_page_at_once(
    client, town_hall, manager, django_capture_on_commit_callbacks
):
    """The course page is served from the page cache to visitors: creating a session turns it
    over, and so does cancelling one, so the page never lags behind by the cache's timeout."""
    from facetoface.services.sessions import session_cancel
    from tests.factories import CoursePageFactory
    from tests.factories.cms import publish

    course_page = publish(CoursePageFactory(live=False, audiences=["agent"]))
    course_page.refresh_from_db()
    client.get(course_page.url)
    assert client.get(course_page.url)["X-Passerelle-Cache"] == "hit"
    session = TrainingSession(
        course=course_page.course,
        title="Atelier tout juste créé",
        organiser=town_hall,
        territory=town_hall.territory,
        address="Salle du conseil",
        capacity=8,
        registration_deadline=paris(5, 18),
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, slots=[(paris(7, 9), paris(7, 12))], trainers=[], actor=manager)
    response = client.get(course_page.url)
    assert response["X-Passerelle-Cache"] == "miss" and "Atelier tout juste créé" in page_text(response)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="Salle indisponible", actor=manager)
    assert "Atelier tout juste créé" not in page_text(client.get(course_page.url))


def test_editing_keeps_the_slots_left_untouched(client, manager, agent_course, town_hall):
    """Changing only the capacity keeps both slots (with their rows, hence their calendar UIDs);
    a slot ticked for deletion is cancelled."""
    from django.utils import timezone

    first, second = (paris(10, 9), paris(10, 12)), (paris(10, 14), paris(10, 17))
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, slots=[first, second])
    slot_ids = list(session.slots.order_by("start").values_list("pk", flat=True))
    client.force_login(manager)

    def post(capacity, delete_second=False):
        rows = [(timezone.localtime(start), timezone.localtime(end)) for start, end in (first, second)]
        data = {
            "course": agent_course.pk,
            "organiser": town_hall.pk,
            "address": session.address,
            "commune": town_hall.territory.code,
            "capacity": str(capacity),
            "registration_deadline": timezone.localtime(session.registration_deadline).strftime("%Y-%m-%dT%H:%M"),
            "creneaux-TOTAL_FORMS": "4",
            "creneaux-INITIAL_FORMS": "2",
        }
        for index, (start, end) in enumerate(rows):
            data |= {
                f"creneaux-{index}-day": start.date().isoformat(),
                f"creneaux-{index}-start": start.strftime("%H:%M"),
                f"creneaux-{index}-end": end.strftime("%H:%M"),
            }
        if delete_second:
            data["creneaux-1-DELETE"] = "on"
        return client.post(f"/sessions/{session.pk}/modifier/", data)

    assert post(5).status_code == 302
    assert list(session.slots.order_by("start").values_list("pk", flat=True)) == slot_ids
    assert post(5, delete_second=True).status_code == 302
    assert list(session.slots.not_cancelled().values_list("pk", flat=True)) == slot_ids[:1]
    assert session.slots.get(pk=slot_ids[1]).cancelled_at is not None  # kept for the calendars


def test_the_deadline_must_come_before_the_first_slot(client, manager, agent_course, town_hall):
    """A deadline after the first slot is refused with a French message."""
    client.force_login(manager)
    day = paris(10, 9).date().isoformat()
    data = {
        "course": agent_course.pk,
        "organiser": town_hall.pk,
        "place_organisation": town_hall.pk,
        "capacity": "2",
        "registration_deadline": paris(11, 18).strftime("%Y-%m-%dT%H:%M"),
    } | slot_data([(day, "09:00", "12:00")])
    assert "doit précéder le premier créneau" in page_text(client.post("/sessions/nouvelle/", data))
    assert not TrainingSession.objects.exists()


def test_a_trainer_sees_the_sessions_they_run_on_their_dashboard(client, town_hall):
    """/mon-espace/ lists a trainer's upcoming sessions and links to their profile; a session
    they do not run is not there."""
    trainer = TrainerProfileFactory()
    TrainingSessionFactory(organiser=town_hall, title="Atelier que j'anime").trainers.add(trainer)
    TrainingSessionFactory(organiser=town_hall, title="Atelier d'un autre")
    client.force_login(trainer.user)
    text = page_text(client.get("/mon-espace/"))
    assert "Les sessions que j'anime" in text and "Atelier que j'anime" in text
    assert "Atelier d'un autre" not in text and "/formateurs/mon-profil/" in text


def test_agency_staff_manage_the_sessions_of_their_region_only(client, agent_course, town_hall, ardeche):
    """A regional agency's staff edit a session of their région (404 elsewhere); deactivating a
    trainer leaves the sessions they ran."""
    from lms.organisations.models import Territory

    region = Territory.objects.create(kind="region", code="97R", name="Région d'essai")
    Territory.objects.filter(pk__in=[ardeche["departement"].pk, ardeche["privas"].pk]).update(region=region)
    agency = OrganisationFactory(kind="regional_agency", territory=region)
    staff = MembershipFactory(organisation=agency).user
    inside = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    outside = TrainingSessionFactory(organiser=OrganisationFactory(territory=ardeche["elsewhere"]))
    trainer = TrainerProfileFactory(territories=[ardeche["privas"]])
    inside.trainers.add(trainer)
    client.force_login(staff)
    assert client.get(f"/sessions/{inside.pk}/modifier/").status_code == 200
    assert client.get(f"/sessions/{outside.pk}/modifier/").status_code == 404
    # The agency manages the commune's session but sees no names: it does not organise it.
    RegistrationFactory(session=inside, user=UserFactory(last_name="Confidentiel"))
    text = page_text(client.get(f"/sessions/{inside.pk}/"))
    assert "Modifier" in text and "Confidentiel" not in text
    client.force_login(MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user)
    assert "Confidentiel" in page_text(client.get(f"/sessions/{inside.pk}/"))
    client.force_login(staff)
    client.post(f"/formateurs/{trainer.pk}/activation/")
    trainer.refresh_from_db()
    assert not trainer.is_active and list(inside.trainers.all()) == [trainer]
