import json

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry

import pytest
from django_q.models import Task

from certificates.models import Certificate
from certificates.openbadges import credential
from courses.models import Enrolment, ModuleCompletion, QuizAttempt
from facetoface.models import Attendance, AttendanceSheet, Registration
from lms.accounts.models import MagicLink
from lms.notifications.models import OutboxMessage
from lms.organisations.models import AuditEntry, Invitation, Membership, MembershipRole
from lms.privacy.erasure import erasure_plan, person_erase
from lms.privacy.models import ErasureRecord
from relays.models import SharedExperience
from scenarios.models import ScenarioFeedback, ScenarioPage
from tests.factories import (
    AccountDeletionRequestFactory,
    AttendanceFactory,
    AttendanceSheetFactory,
    AuditEntryFactory,
    CalendarFeedFactory,
    CertificateFactory,
    CourseAnswerMarkerFactory,
    EnrolmentFactory,
    InvitationFactory,
    MagicLinkFactory,
    MemberGroupFactory,
    MembershipFactory,
    ModuleCompletionFactory,
    OrganisationFactory,
    OutboxMessageFactory,
    QuizAttemptFactory,
    ResponseFactory,
    ScenarioFeedbackFactory,
    ScenarioPageFactory,
    SharedExperienceFactory,
    UserFactory,
)

NAME = ("Zéphyrine", "Quillebeuf")
EMAIL = "zephyrine.quillebeuf@exemple.fr"


@pytest.fixture
def person(db):
    return UserFactory(first_name=NAME[0], last_name=NAME[1], email=EMAIL)


@pytest.fixture
def footprint(person):
    """The person's traces in every app, and someone else's beside them."""
    organisation = OrganisationFactory()
    MembershipFactory(user=person, organisation=organisation, role=MembershipRole.MANAGER)
    enrolment = EnrolmentFactory(user=person, organisation=organisation)
    ModuleCompletionFactory(enrolment=enrolment)
    QuizAttemptFactory(enrolment=enrolment)
    certificate = CertificateFactory(enrolment=EnrolmentFactory(user=person, status="completed"))
    certificate.snapshot["template"]["body"] = f"Délivrée à {person.get_full_name()}."
    certificate.save()
    attendance = AttendanceFactory(registration__user=person)
    sheet = AttendanceSheetFactory(session=attendance.registration.session)
    scenario = ScenarioPageFactory()
    scenario.authors.add(person)
    scenario.save()  # a parental many-to-many is written with its page
    ScenarioFeedbackFactory(user=person, scenario=scenario, how_it_went="Testé en classe.")
    OutboxMessageFactory(recipient=person)
    manager = UserFactory()
    OutboxMessageFactory(recipient=manager, kind="courses.digest", context={"names": [person.get_full_name()]})
    MagicLinkFactory(user=person)
    InvitationFactory(email=EMAIL, organisation=organisation)
    AuditEntryFactory(actor=person, organisation=organisation)
    AccountDeletionRequestFactory(user=person)
    # Issues 27 and 33: the response their organisation keeps, a group, a calendar feed.
    ResponseFactory(organisation=organisation, updated_by=person, submitted_by=person, campaign__created_by=person)
    MemberGroupFactory(organisation=organisation).memberships.set(Membership.objects.filter(user=person))
    CalendarFeedFactory(user=person)
    # Issue 30: a shared experience whose contact line is the person's own name.
    SharedExperienceFactory(
        author=person, organisation=organisation, status="approved", contact=f"{person.get_full_name()}, mairie"
    )
    # Issue 31: the marker that they answered a course's survey (their answers have no link).
    CourseAnswerMarkerFactory(user=person)
    ModelLogEntry.objects.log_action(instance=person, action="wagtail.edit", user=manager)
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session.create()
    Task.objects.create(
        id="t1",
        name="certificates.tasks.render:1",
        func="x",
        started="2026-12-01T00:00Z",
        stopped="2026-12-01T00:00Z",
        success=True,
    )
    other = EnrolmentFactory(organisation=organisation)
    return {
        "organisation": organisation,
        "certificate": certificate,
        "sheet": sheet,
        "scenario": scenario,
        "other": other,
        "session_key": session.session_key,
    }


def needles(person) -> set[str]:
    words = {person.email, person.get_full_name(), person.first_name, person.last_name, person.login_id}
    return words | {json.dumps(word)[1:-1] for word in words}


def text_columns():
    """Every text or JSON column of every table, found by introspection (Wagtail's, Django's and
    django-q's tables included)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                # The field Django would map the column to: PostgreSQL gives type codes as OIDs.
                try:
                    field = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:
                    continue
                if field in {"CharField", "TextField", "JSONField", "SlugField", "EmailField"}:
                    yield table, column.name


def rows_mentioning(words: set[str]) -> list[tuple[str, str, str]]:
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for word in words:
                # As text: PostgreSQL's jsonb has no LIKE.
                sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE CAST({quote(column)} AS TEXT) LIKE %s"  # noqa: S608
                cursor.execute(sql, [f"%{word}%"])
                if cursor.fetchone()[0]:
                    found.append((table, column, word))
    return found


@pytest.mark.django_db
def test_no_column_of_any_table_names_the_person_after_erasure(person, footprint, django_capture_on_commit_callbacks):
    """After erasure, no text or JSON column of any table holds the person's name, e-mail or login id
    (except the attendance sheet, kept for its legal period as a file, not a column)."""
    words = needles(person)
    assert rows_mentioning(words), "the scan finds the person before erasure"
    with django_capture_on_commit_callbacks():
        person_erase(user=person, reason="Demande écrite.", on_request=True)
    assert rows_mentioning(words) == []


@pytest.mark.django_db
def test_erasure_effects_table_by_table(person, footprint, django_capture_on_commit_callbacks):
    """What goes, what is re-pointed to the stand-in, and what stays, as the registry declares."""
    person_id = person.pk
    with django_capture_on_commit_callbacks() as callbacks:
        record = person_erase(user=person, reason="Demande écrite.", on_request=True)
    stand_in = record.stand_in
    assert not get_user_model().objects.filter(pk=person_id).exists()
    assert stand_in.erased_at and not stand_in.is_active and not stand_in.has_usable_password()
    assert (stand_in.email, stand_in.first_name, stand_in.last_name) == (None, "", "")
    with translation.override("fr"):  # shown in the reader's language (a test before may leave English on)
        assert str(stand_in) == "personne supprimée"
    # Re-pointed: the organisation's counts stay right.
    assert Enrolment.objects.filter(user=stand_in).count() == 2
    assert ModuleCompletion.objects.filter(enrolment__user=stand_in).count() == 1
    assert QuizAttempt.objects.filter(enrolment__user=stand_in).count() == 1
    assert Registration.objects.filter(user=stand_in).count() == 1
    assert Attendance.objects.filter(registration__user=stand_in).count() == 1
    assert ScenarioFeedback.objects.filter(user=stand_in).count() == 1
    assert list(ScenarioPage.objects.get(pk=footprint["scenario"].pk).authors.all()) == [stand_in]
    assert AuditEntry.objects.filter(actor=stand_in).count() == 1
    # Anonymised: the shared experience stays with its organisation, without author or contact.
    experience = SharedExperience.objects.get(organisation=footprint["organisation"])
    assert (experience.author, experience.contact, experience.status) == (None, "", "approved")
    # Someone else's enrolment is untouched.
    footprint["other"].refresh_from_db()
    assert footprint["other"].user_id not in (person_id, stand_in.pk)
    # Deleted.
    assert not Membership.objects.filter(user=stand_in).exists()
    assert not MagicLink.objects.filter(user_id=person_id).exists()
    assert not OutboxMessage.objects.filter(to_email__iexact=EMAIL).exists()
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
    assert not Session.objects.filter(session_key=footprint["session_key"]).exists()
    # Kept for its legal period.
    assert AttendanceSheet.objects.filter(pk=footprint["sheet"].pk).exists()
    # The attestation stays, without the name, and its PDF is rendered again.
    certificate = Certificate.objects.get(pk=footprint["certificate"].pk)
    assert certificate.user is None and certificate.snapshot["holder_erased"]
    assert certificate.pdf_status == "pending"
    assert "recipient" not in json.dumps(credential(certificate))
    assert len(callbacks) >= 1
    assert record.on_request and record.counts["courses.Enrolment"] == 2


@pytest.mark.django_db
def test_the_attestation_still_verifies_without_the_name(client, person, footprint, django_capture_on_commit_callbacks):
    """/verifier/<code>/ still says valid, with "donnée supprimée à sa demande" as holder."""
    with django_capture_on_commit_callbacks():
        person_erase(user=person, reason="x")
    response = client.get(reverse("certificates:verify", args=[footprint["certificate"].code]))
    content = response.content.decode()
    assert "Valide" in content and "donnée supprimée à sa demande" in content
    assert NAME[1] not in content


@pytest.mark.django_db
def test_the_preview_lists_deleted_anonymised_and_kept_rows_and_warns_the_last_manager(person, footprint):
    """Staff see, before erasing, what goes, what stays anonymised and what is kept, and that the
    person is the last manager of an organisation."""
    plan = erasure_plan(person)
    assert {line.declaration.label for line in plan.deleted} >= {"organisations.Membership", "accounts.MagicLink"}
    assert {line.declaration.label for line in plan.anonymised} >= {
        "courses.Enrolment",
        "certificates.Certificate",
        "facetoface.Registration",
    }
    assert [line.declaration.label for line in plan.kept] == ["facetoface.AttendanceSheet"]
    assert len(plan.warnings) == 1 and footprint["organisation"].name in plan.warnings[0]


@pytest.mark.django_db
def test_the_agency_is_told_when_the_last_manager_is_erased(person, footprint, django_capture_on_commit_callbacks):
    """An organisation left without a manager is reported to the agency staff (here the superusers)."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks():
        person_erase(user=person, reason="x")
    assert OutboxMessage.objects.filter(recipient=admin, kind="organisations.manager_erased").count() == 1
    assert ErasureRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_pdf_is_rendered_again_without_the_name(person, footprint, django_capture_on_commit_callbacks):
    """The attestation's PDF is queued for a new rendering, whose text has no name in it."""
    from certificates.rendering import certificate_context

    with django_capture_on_commit_callbacks() as callbacks:
        person_erase(user=person, reason="x")
    certificate = Certificate.objects.get(pk=footprint["certificate"].pk)
    context = certificate_context(snapshot=certificate.snapshot, code=certificate.code, verify_url="https://x/")
    assert context["holder_name"] == "Titulaire : donnée supprimée à sa demande"
    assert NAME[1] not in json.dumps(context, default=str)
    assert len(callbacks) >= 1  # the render task, enqueued on commit


@pytest.mark.django_db
def test_an_erased_author_shows_as_auteur_supprime(person, footprint):
    """A scenario's author and a feedback's writer, once erased, read "auteur supprimé"."""
    from scenarios.listing import display_name

    record = person_erase(user=person, reason="x")
    assert display_name(record.stand_in) == "auteur supprimé"
