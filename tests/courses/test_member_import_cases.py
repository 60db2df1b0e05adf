"""The import's harder cases: consent already refused, invitations already pending, people
followed elsewhere, two managers, cancelling early, and what the database is asked for."""

import sqlite3

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import Enrolment, ImportStatus, InvitationEnrolment, MemberImport
from courses.services.enrolments import enrolment_create, organisation_enrol
from courses.services.imports import import_apply, import_cancel
from lms.organisations.models import AuditEntry, Invitation, InvitationStatus, MembershipRole
from lms.organisations.services.invitations import invitation_create
from tests.courses.conftest import build_course
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

BASE = "/organisations/mairie-a/import/"


@pytest.fixture
def commune(client):
    manager = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a")
    client.force_login(manager.user)
    return manager.organisation, manager.user


def upload(client, text: str, **fields):
    data = ("nom;prénom;e-mail\n" + text).encode()
    response = client.post(BASE, {"file": SimpleUploadedFile("liste.csv", data), **fields})
    assert response.status_code == 302, page_text(response)
    return MemberImport.objects.latest("pk")


def plan(member_import) -> dict[str, tuple[str, str]]:
    return {row[1]: (row[3], row[4]) for row in member_import.plan["rows"]}


def confirm(client, member_import, **extra):
    return client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm", **extra})


def test_someone_who_declined_is_not_invited_again(client, commune):
    organisation, manager = commune
    invitation = invitation_create(organisation=organisation, email="lea@exemple.fr", invited_by=manager)
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.DECLINED)
    withdrawn = invitation_create(organisation=organisation, email="zoe@exemple.fr", invited_by=manager)
    Invitation.objects.filter(pk=withdrawn.pk).update(status=InvitationStatus.WITHDRAWN)
    rows = plan(upload(client, "Durand;Léa;LEA@exemple.fr\nMartin;Zoé;zoe@exemple.fr\n"))
    assert rows["Léa Durand"] == ("skip", "A décliné une invitation de l'organisation : pas de nouvelle invitation.")
    assert rows["Zoé Martin"][0] == "invite", "a manager's own withdrawal does not block a new invitation"


def test_a_pending_invitation_gets_the_course_and_another_course_is_not_overwritten(client, commune, published):
    organisation, manager = commune
    plain = invitation_create(organisation=organisation, email="lea@exemple.fr", invited_by=manager)
    other = invitation_create(organisation=organisation, email="zoe@exemple.fr", invited_by=manager)
    InvitationEnrolment.objects.create(invitation=other, course=build_course().course)
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\nMartin;Zoé;zoe@exemple.fr\n", course=published.course.pk)
    rows = plan(member_import)
    assert rows["Léa Durand"][0] == "enrol" and "la formation s'y ajoute" in rows["Léa Durand"][1]
    assert rows["Zoé Martin"][0] == "skip" and "autre formation" in rows["Zoé Martin"][1]
    confirm(client, member_import)
    assert InvitationEnrolment.objects.get(invitation=plain).course == published.course
    assert Invitation.objects.count() == 2, "no second invitation"
    member_import.refresh_from_db()
    assert member_import.report["pending_enrolments"] == 1 and member_import.report["invited"] == 0


def test_people_followed_elsewhere_are_left_alone_and_self_enrolled_ones_attached(client, commune, published):
    organisation, manager = commune
    elsewhere, own = (
        MembershipFactory(organisation=organisation, user=UserFactory(email=email, audiences=["parent"])).user
        for email in ("ana@exemple.fr", "bob@exemple.fr")
    )
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=elsewhere)
    organisation_enrol(organisation=other, manager=manager, users=[elsewhere], course=published.course)
    enrolment_create(user=own, course=published.course)
    member_import = upload(client, "A;Ana;ana@exemple.fr\nB;Bob;bob@exemple.fr\n", course=published.course.pk)
    rows = plan(member_import)
    assert rows["Ana A"][0] == "skip" and "suivie par une autre organisation" in rows["Ana A"][1]
    assert rows["Bob B"][0] == "enrol" and "l'organisation la suivra" in rows["Bob B"][1]
    confirm(client, member_import)
    assert Enrolment.objects.get(user=elsewhere).organisation == other
    assert Enrolment.objects.get(user=own).organisation == organisation


def test_a_row_without_email_finds_the_member_who_has_added_one_since(client, commune):
    organisation, _manager = commune
    MembershipFactory(organisation=organisation, user=UserFactory(first_name="Lucien", last_name="Vialle"))
    rows = plan(upload(client, "VIALLE;lucien;\n", code_accounts="on"))
    assert rows["lucien VIALLE"] == ("skip", "Déjà membre de l'organisation.")


def test_names_in_other_scripts_are_told_apart(client, commune):
    rows = plan(upload(client, "Иванов;Иван;\nПетров;Пётр;\nИванов;Иван;\n", code_accounts="on"))
    # The third row repeats the first exactly: a duplicate, skipped (rows are keyed by name).
    assert [action for action, _note in rows.values()] == ["skip", "create"]
    member_import = MemberImport.objects.latest("pk")
    assert member_import.plan["counts"]["create"] == 2 and member_import.plan["counts"]["skip"] == 1


def test_the_manager_who_confirms_is_the_one_recorded(client, commune):
    organisation, uploader = commune
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\n")
    colleague = MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user
    client.force_login(colleague)
    confirm(client, member_import)
    assert Invitation.objects.get().invited_by == colleague
    entry = AuditEntry.objects.filter(organisation=organisation, summary__startswith="Import de").get()
    assert entry.actor == colleague
    member_import.refresh_from_db()
    assert (member_import.created_by, member_import.confirmed_by) == (uploader, colleague)


def test_an_import_whose_managers_are_gone_invites_nobody_until_another_confirms(client, commune):
    """Invitations need the manager who confirmed: with both accounts gone, nothing is written till another confirms."""
    organisation, _uploader = commune
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\n")
    # What deleting the uploader's and the confirming manager's accounts leaves (SET_NULL).
    MemberImport.objects.filter(pk=member_import.pk).update(
        status=ImportStatus.APPLYING, created_by=None, confirmed_by=None
    )
    import_apply(member_import.pk)
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.READY and member_import.attempts == 1
    assert not Invitation.objects.exists()
    colleague = MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user
    client.force_login(colleague)
    confirm(client, member_import)
    assert Invitation.objects.get().invited_by == colleague


def test_an_unpublished_course_or_a_past_due_date_is_refused_at_confirmation(client, commune, published):
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\n", course=published.course.pk)
    published.course.is_published = False
    published.course.save()
    response = client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"}, follow=True)
    assert "n'est plus publiée" in page_text(response)
    assert not Invitation.objects.exists()
    published.course.is_published = True
    published.course.save()
    MemberImport.objects.filter(pk=member_import.pk).update(due_on=timezone.localdate().replace(year=2020))
    response = client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"}, follow=True)
    assert "La date limite choisie est passée" in page_text(response)


def test_cancelling_while_checking_erases_the_file_and_the_rows(commune):
    organisation, manager = commune
    member_import = MemberImport.objects.create(
        organisation=organisation,
        filename="x.csv",
        data=b"nom;prenom\n",
        status=ImportStatus.ANALYSING,
        plan={"counts": {"invite": 1}, "rows": [[2, "Léa Durand", "lea@exemple.fr", "invite", ""]]},
    )
    assert import_cancel(member_import=member_import, by=manager)
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.CANCELLED and bytes(member_import.data) == b""
    assert member_import.plan == {"counts": {"invite": 1}}
    assert AuditEntry.objects.filter(organisation=organisation, summary__contains="annulé", actor=manager).exists()
    assert not import_cancel(member_import=member_import, by=manager)


def test_a_task_run_twice_writes_once(client, commune):
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\n")
    confirm(client, member_import)
    MemberImport.objects.filter(pk=member_import.pk).update(status=ImportStatus.DONE)
    import_apply(member_import.pk)  # a resumed or duplicated task arrives late
    assert Invitation.objects.count() == 1


def test_the_progress_poll_never_reads_the_file(client, commune):
    member_import = upload(client, "Durand;Léa;lea@exemple.fr\n")
    with CaptureQueriesContext(connection) as queries:
        state = client.get(f"{BASE}{member_import.pk}/etat/").json()
    assert state["status"] == "ready"
    reads = [query["sql"] for query in queries if "courses_memberimport" in query["sql"]]
    assert reads and not any('"data"' in sql or '"plan"' in sql for sql in reads)


def test_malformed_files_through_the_form_are_refused_not_crashed(client, commune):
    response = client.post(BASE, {"file": SimpleUploadedFile("l.csv", b"nom;prenom\nA;" + b"x" * 200_000)})
    assert response.status_code == 400 and "La ligne 2 contient une cellule de plus de 1000" in page_text(response)
    mac = client.post(BASE, {"file": SimpleUploadedFile("l.csv", "nom;prénom\rDurand;Léa\r".encode("cp1252"))})
    assert mac.status_code == 302


@pytest.mark.sqlite_only
def test_the_sqlite_backend_reports_the_librarys_parameter_limit():
    connection.ensure_connection()
    raw = connection.connection
    original = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    try:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        assert connection.features.max_query_params == 999
        from courses.services.imports import batch_size

        assert batch_size() == 979
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, original)
    assert connection.features.max_query_params == original >= 32_766
