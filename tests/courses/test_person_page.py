"""A manager's page for one person (issue 33, item 1): progress, last activity, quizzes, due date
and reminders per course, and "relancer" at most once a day, journalled. Other organisations'
people are 404, and the page costs the same for 2 courses as for 20."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import EnrolmentStatus
from courses.reminder_kinds import NUDGE
from courses.services.nudges import NudgeRefused, enrolment_nudge
from lms.notifications.models import OutboxMessage
from lms.organisations.models import AuditEntry, MembershipRole
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ModuleCompletionFactory,
    ModuleFactory,
    QuizAttemptFactory,
    UserFactory,
)
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(client):
    manager = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a")
    client.force_login(manager.user)
    return manager.organisation, manager.user


def followed(organisation, user, **fields):
    return EnrolmentFactory(user=user, organisation=organisation, **fields)


def person_url(membership):
    return f"/organisations/mairie-a/suivi/membres/{membership.pk}/"


def test_the_page_shows_progress_quizzes_due_date_and_reminders(client, commune):
    """Per course: percent of required modules done, last activity, best score and attempts per
    quiz, due date and reminders sent."""
    organisation, _manager = commune
    membership = MembershipFactory(organisation=organisation, user=UserFactory(first_name="Ange", last_name="Roux"))
    due = timezone.localdate() + timedelta(days=10)
    enrolment = followed(organisation, membership.user, course__title="Sécurité en ligne", due_on=due)
    first, _second = ModuleFactory(course=enrolment.course), ModuleFactory(course=enrolment.course)
    ModuleCompletionFactory(enrolment=enrolment, module=first)
    quiz_module = ModuleFactory(course=enrolment.course, title="Les mots de passe", is_required=False)
    for score in (40, 80, 60):
        QuizAttemptFactory(enrolment=enrolment, module=quiz_module, score=score, passed=score >= 80)
    OutboxMessage.objects.create(
        recipient=membership.user,
        to_email=membership.user.email,
        kind="courses.overdue",
        object_type="courses.enrolment",
        object_id=str(enrolment.pk),
        step="retard-1",
        send_after=timezone.now(),
        status="sent",
    )
    html = " ".join(page_text(client.get(person_url(membership))).split())
    assert "Sécurité en ligne" in html and "50 % fait" in html
    assert "Les mots de passe</th><td>80 %</td><td>3</td><td>oui</td>" in html
    assert "Rappels envoyés</dt><dd>1" in html
    assert "Relancer" in html


def test_suivi_lists_people_with_links_to_their_page(client, commune):
    """Suivi names the people followed, each a link to their page."""
    organisation, _manager = commune
    membership = MembershipFactory(organisation=organisation, user=UserFactory(last_name="Lien"))
    followed(organisation, membership.user)
    assert person_url(membership) in page_text(client.get("/organisations/mairie-a/suivi/"))


def test_relancer_asks_then_sends_once_a_day_and_journals(client, commune, django_capture_on_commit_callbacks):
    """GET confirms; POST queues the e-mail and writes the journal; a second POST the same day is
    refused with a message and sends nothing more."""
    organisation, manager = commune
    membership = MembershipFactory(organisation=organisation, user=UserFactory(email="ange@exemple.fr"))
    enrolment = followed(organisation, membership.user, course__title="Le cahier de textes")
    url = f"{person_url(membership)}relance/{enrolment.pk}/"
    assert "Envoyer la relance" in page_text(client.get(url))
    assert not OutboxMessage.objects.filter(kind=NUDGE).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Relance envoyée" in page_text(response)
    deliver()
    assert "Le cahier de textes" in last_email_to("ange@exemple.fr").subject
    (entry,) = AuditEntry.objects.filter(organisation=organisation, action="remind")
    assert entry.actor == manager and "Le cahier de textes" in entry.summary
    response = client.post(url, follow=True)
    assert "déjà partie aujourd'hui" in page_text(response)
    assert OutboxMessage.objects.filter(kind=NUDGE).count() == 1
    assert AuditEntry.objects.filter(action="remind").count() == 1


def test_the_service_enforces_once_a_day_and_allows_the_next_day(commune):
    """The limit lives in the service, not only in the page; the next day another may leave."""
    organisation, manager = commune
    enrolment = followed(organisation, MembershipFactory(organisation=organisation).user)
    today = timezone.localdate()
    enrolment_nudge(organisation=organisation, manager=manager, enrolment=enrolment, today=today)
    with pytest.raises(NudgeRefused):
        enrolment_nudge(organisation=organisation, manager=manager, enrolment=enrolment, today=today)
    enrolment_nudge(organisation=organisation, manager=manager, enrolment=enrolment, today=today + timedelta(days=1))
    assert OutboxMessage.objects.filter(kind=NUDGE).count() == 2


def test_someone_without_an_address_is_not_journalled(commune):
    """No address, no e-mail: the manager is told and the journal says nothing."""
    organisation, manager = commune
    person = MembershipFactory(organisation=organisation, user=UserFactory(email=None, login_id="agent-sans-mail")).user
    enrolment = followed(organisation, person)
    with pytest.raises(NudgeRefused):
        enrolment_nudge(organisation=organisation, manager=manager, enrolment=enrolment)
    assert not AuditEntry.objects.filter(action="remind").exists()


@pytest.mark.parametrize("who", ["stranger", "other_manager", "member"])
def test_the_404_matrix_of_the_person_page_and_relancer(client, commune, who):
    """Only the organisation's managers reach a person's page and "relancer"; a completed or
    another person's enrolment, and another organisation's member, are 404 too."""
    organisation, _manager = commune
    membership = MembershipFactory(organisation=organisation)
    enrolment = followed(organisation, membership.user)
    other = MembershipFactory()  # a member of another organisation
    done = followed(organisation, membership.user, status=EnrolmentStatus.COMPLETED)
    someone_else = followed(organisation, MembershipFactory(organisation=organisation).user)
    base = person_url(membership)
    for path in [
        person_url(other),
        f"{base}relance/{done.pk}/",
        f"{base}relance/{someone_else.pk}/",
        f"{person_url(other)}relance/{enrolment.pk}/",
    ]:
        assert client.get(path).status_code == 404, path
        if "relance" in path:
            assert client.post(path).status_code == 404, path
    if who == "member":
        client.force_login(membership.user)
    elif who == "stranger":
        client.force_login(UserFactory())
    else:
        client.force_login(MembershipFactory(role=MembershipRole.MANAGER).user)
    assert client.get(base).status_code == 404
    assert client.get(f"{base}relance/{enrolment.pk}/").status_code == 404
    assert client.post(f"{base}relance/{enrolment.pk}/").status_code == 404
    assert not OutboxMessage.objects.filter(kind=NUDGE).exists()


@pytest.mark.parametrize("courses", [2, 20])
def test_the_person_page_query_count_is_pinned(client, commune, courses):
    """Session, user, organisation, membership, enrolments with their progress, quiz summaries,
    reminders: 7 queries for 2 courses as for 20."""
    organisation, _manager = commune
    membership = MembershipFactory(organisation=organisation)
    for _ in range(courses):
        enrolment = followed(organisation, membership.user)
        QuizAttemptFactory(enrolment=enrolment, score=50)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(person_url(membership))
    assert response.status_code == 200
    assert len(queries) == 7, [query["sql"][:80] for query in queries.captured_queries]
