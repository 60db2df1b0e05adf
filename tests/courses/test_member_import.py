"""Importing a CSV of people from the manager space: the preview writes nothing, confirmation
writes everything or nothing, re-importing changes nothing, and other organisations' imports
answer 404."""

import re
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import Enrolment, ImportStatus, InvitationEnrolment, MemberImport
from courses.services.imports import import_apply, imports_maintain
from lms.accounts.models import AccessCode, User
from lms.notifications.models import OutboxMessage
from lms.organisations.models import AuditEntry, Invitation, Membership, MembershipRole
from lms.organisations.services.invitations import invitation_accept
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "exemple-import-membres.csv"
BASE = "/organisations/mairie-a/import/"


@pytest.fixture
def commune(client):
    manager = MembershipFactory(
        role=MembershipRole.MANAGER, organisation__slug="mairie-a", organisation__name="Mairie A"
    )
    client.force_login(manager.user)
    return manager.organisation, manager.user


def upload(client, data: bytes, name="agents.csv", **fields):
    return client.post(BASE, {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields})


def latest_import() -> MemberImport:
    return MemberImport.objects.latest("pk")


def written_rows() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        Enrolment.objects.count(),
        OutboxMessage.objects.count(),
        InvitationEnrolment.objects.count(),
    )


def test_the_preview_lists_every_row_and_writes_nothing(client, commune, published):
    organisation, _manager = commune
    agent = MembershipFactory(organisation=organisation, user=UserFactory(email="agent@exemple.fr")).user
    before = written_rows()
    response = upload(client, SAMPLE.read_bytes(), code_accounts="on", course=published.course.pk)
    member_import = latest_import()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{member_import.pk}/"
    assert written_rows() == before  # only the import itself was saved
    assert member_import.status == ImportStatus.READY
    assert member_import.plan["counts"] == {"create": 2, "invite": 4, "enrol": 1, "skip": 0, "error": 0}
    text = page_text(client.get(f"{BASE}{member_import.pk}/"))
    assert "Rien n'est encore enregistré" in text
    assert "Confirmer l'import (7 lignes)" in text
    assert "odile.sabatier@mairie-privas.exemple.fr" in text and "Recevra un lien pour activer son compte" in text
    assert "Déjà membre : inscription à la formation." in text
    assert not Enrolment.objects.filter(user=agent).exists()


def test_confirming_writes_invitations_code_accounts_and_enrolments_then_reimporting_changes_nothing(
    client, commune, published
):
    organisation, manager = commune
    agent = MembershipFactory(organisation=organisation, user=UserFactory(email="agent@exemple.fr")).user
    due = timezone.localdate() + timedelta(days=30)
    upload(client, SAMPLE.read_bytes(), code_accounts="on", course=published.course.pk, due_on=due.isoformat())
    member_import = latest_import()
    response = client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    assert response.status_code == 302
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.DONE and bytes(member_import.data) == b""
    assert member_import.report | {"created_user_ids": None} == {
        "created": 2,
        "invited": 4,
        "enrolled": 3,
        "pending_enrolments": 0,
        "skipped": 0,
        "errors": 0,
        "created_user_ids": None,
    }
    coded = User.objects.filter(pk__in=member_import.report["created_user_ids"])
    assert {(user.last_name, user.email, user.has_usable_password()) for user in coded} == {
        ("Vialle", None, False),
        ("Delenne", None, False),
    }
    assert {audience for user in coded for audience in user.audiences.values_list("code", flat=True)} == {"agent"}
    assert set(
        Enrolment.objects.filter(course=published.course, organisation=organisation, due_on=due).values_list(
            "user", flat=True
        )
    ) == {agent.pk, *member_import.report["created_user_ids"]}
    assert Invitation.objects.filter(organisation=organisation, status="pending", invited_by=manager).count() == 4
    assert InvitationEnrolment.objects.filter(course=published.course, due_on=due).count() == 4
    deliver()
    assert "Mairie A" in last_email_to("odile.sabatier@mairie-privas.exemple.fr").body
    assert published.course.title in last_email_to("agent@exemple.fr").subject
    summaries = list(
        AuditEntry.objects.filter(organisation=organisation, action="import", actor=manager)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Fichier « agents.csv » déposé pour import (7 lignes)",
        "Import de « agents.csv » : 2 comptes avec code créés ; 4 invitations envoyées ; "
        "3 inscriptions à la formation ; 0 ligne ignorée ; 0 ligne en erreur, non importée",
    ]

    before = written_rows()
    upload(client, SAMPLE.read_bytes(), code_accounts="on", course=published.course.pk, due_on=due.isoformat())
    again = latest_import()
    assert again.plan["counts"] == {"create": 0, "invite": 0, "enrol": 0, "skip": 7, "error": 0}
    preview = page_text(client.get(f"{BASE}{again.pk}/"))
    assert "n'apporte rien de nouveau" in preview and "Confirmer l'import" not in preview
    response = client.post(f"{BASE}{again.pk}/confirmation/", {"decision": "confirm"}, follow=True)
    assert "Cet import n'a rien à enregistrer." in page_text(response)
    assert written_rows() == before
    again.refresh_from_db()
    assert again.status == ImportStatus.READY and again.report == {}


def test_an_invited_person_is_enrolled_when_accepting(client, commune, published):
    organisation, _manager = commune
    known = UserFactory(email="odile.sabatier@mairie-privas.exemple.fr")
    upload(client, SAMPLE.read_bytes(), course=published.course.pk)
    member_import = latest_import()
    (row,) = [row for row in member_import.plan["rows"] if row[2] == known.email]
    assert row[3] == "invite" and "A déjà un compte" in row[4]
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    assert not Enrolment.objects.filter(user=known).exists()  # nobody is enrolled before saying yes
    invitation_accept(invitation=Invitation.objects.get(email=known.email), user=known)
    enrolment = Enrolment.objects.get(user=known)
    assert enrolment.course == published.course and enrolment.organisation == organisation


def test_rows_without_email_are_skipped_unless_code_accounts_are_asked_for(client, commune):
    upload(client, SAMPLE.read_bytes())
    rows = {row[1]: row for row in latest_import().plan["rows"]}
    assert rows["Lucien Vialle"][3] == "skip" and "cochez « comptes avec code »" in rows["Lucien Vialle"][4]


def test_bad_rows_are_listed_with_their_line_and_the_rest_can_be_imported(client, commune):
    data = (
        "nom;prénom;e-mail\n"
        "Durand;Léa;lea@exemple.fr\n"
        ";Paul;paul@exemple.fr\n"
        "Martin;Zoé;pas-une-adresse\n"
        "Durand;Léa bis;LEA@exemple.fr\n"
    ).encode("cp1252")
    upload(client, data)
    member_import = latest_import()
    assert member_import.plan["counts"] == {"create": 0, "invite": 1, "enrol": 0, "skip": 0, "error": 3}
    text = page_text(client.get(f"{BASE}{member_import.pk}/?action=error"))
    assert "Le nom et le prénom sont obligatoires." in text
    assert "L'adresse e-mail « pas-une-adresse » n'est pas valide." in text
    assert "Même adresse e-mail que la ligne 2." in text
    assert "lea@exemple.fr" not in text  # the filter shows errors only
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    assert list(Invitation.objects.values_list("email", flat=True)) == ["lea@exemple.fr"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.xlsx", b"PK\x03\x04\x00\x00binary", "Ce fichier n'est pas un CSV"),
        ("liste.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Ce fichier n'est pas un CSV"),
        ("liste.csv", b"", "Le fichier soumis est vide."),
        ("liste.csv", b"nom;prenom\n", "Le fichier ne contient aucune personne"),
        ("liste.csv", b"a;b\n1;2\n", "« nom » et « prénom »"),
        ("liste.csv", b"nom;prenom\n" + b"Durand;Lea\n" * 600_000, "Le fichier dépasse 5 Mo"),
        ("liste.csv", b"nom;prenom\n" + b"\r\n" * 2_000_000, "plus de 10000 lignes vides"),
        ("liste.csv", b";" * 5_000_000 + b"\nnom;prenom\n", "La ligne 1 a plus de 100 colonnes"),
        ("liste.csv", b"nom;prenom\n" + b"Martin;Paul\n" * 1000 + b"Dur\x00and;Lea\n", "caractère nul"),
    ],
)
def test_unreadable_files_are_refused_next_to_the_field(client, commune, name, data, message):
    """Each file that cannot be imported gets its French reason on the page, and nothing is kept."""
    response = upload(client, data, name=name)
    assert response.status_code == 400
    assert message in page_text(response)
    assert not MemberImport.objects.exists()


def test_cancelling_erases_the_file_and_writes_nothing(client, commune):
    upload(client, SAMPLE.read_bytes(), code_accounts="on")
    member_import = latest_import()
    before = written_rows()
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "cancel"})
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.CANCELLED and bytes(member_import.data) == b""
    assert written_rows() == before
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.CANCELLED  # a cancelled import cannot be confirmed


def test_codes_of_the_accounts_created_are_printed_after_a_warning(client, commune):
    organisation, manager = commune
    upload(client, SAMPLE.read_bytes(), code_accounts="on")
    member_import = latest_import()
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    warning = page_text(client.get(f"{BASE}{member_import.pk}/codes/"))
    assert "2 comptes de cet import n'ont pas encore servi" in warning and "cessent de fonctionner" in warning
    assert not AccessCode.objects.exists()  # the warning page issues nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{BASE}{member_import.pk}/codes/")
    assert response["Cache-Control"] == "no-store"
    text = page_text(response)
    assert "Lucien Vialle" in text and "Josiane Delenne" in text and "Odile" not in text
    assert AccessCode.objects.filter(used_at__isnull=True).count() == 2
    printed = len(queries)
    (entry,) = AuditEntry.objects.filter(organisation=organisation, action="codes")
    assert entry.actor == manager and "2 comptes de l'import" in entry.summary
    User.objects.filter(last_name="Vialle").update(last_login=timezone.now())  # Lucien signed in since
    with CaptureQueriesContext(connection) as queries:
        text = page_text(client.post(f"{BASE}{member_import.pk}/codes/"))
    assert "Josiane Delenne" in text and "Lucien Vialle" not in text
    assert len(queries) == printed, "printing costs the same queries for 1 or 2 accounts"


def test_a_failure_while_writing_leaves_nothing_behind_and_can_be_retried(client, commune, monkeypatch):
    upload(client, SAMPLE.read_bytes(), code_accounts="on")
    member_import = latest_import()
    before = written_rows()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("courses.services.imports.steps.invitation_create_many", broken)
    for attempt in (1, 2):
        response = client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
        assert response.status_code == 302
        member_import.refresh_from_db()
        assert (member_import.status, member_import.attempts) == (ImportStatus.READY, attempt)
        assert written_rows() == before  # the code accounts of the first step were rolled back
        assert bytes(member_import.data)  # the file is kept, to try again
    assert "Vous pouvez confirmer à nouveau" in page_text(client.get(f"{BASE}{member_import.pk}/"))
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.FAILED and bytes(member_import.data) == b""
    assert "rows" not in member_import.plan and written_rows() == before
    monkeypatch.undo()


def test_large_files_go_to_the_long_cluster(client, commune, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda func, *args, **kwargs: calls.append((func, kwargs)))
    rows = "".join(f"Nom{i};Prénom{i};personne{i}@exemple.fr\n" for i in range(400))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, ("nom;prénom;e-mail\n" + rows).encode())
    member_import = latest_import()
    assert member_import.status == ImportStatus.ANALYSING and member_import.total_rows == 400
    assert calls == [
        ("courses.tasks.member_import_analyse", {"cluster": "long", "task_name": calls[0][1]["task_name"]})
    ]
    text = page_text(client.get(f"{BASE}{member_import.pk}/"))
    assert "Vérification en cours" in text and re.search(r"0 lignes? vérifiées? sur 400", text)
    state = client.get(f"{BASE}{member_import.pk}/etat/").json()
    assert state == {
        "status": "analysing",
        "label": "Vérification en cours",
        "processed": 0,
        "total": 400,
        "percent": 0,
        "message": state["message"],
    }
    assert re.fullmatch(r"0 lignes? vérifiées? sur 400\.", state["message"])


def test_upkeep_cancels_stale_previews_resumes_lost_tasks_and_erases_old_rows(commune, monkeypatch):
    organisation, _manager = commune
    calls = []
    monkeypatch.setattr(
        "courses.services.imports.upkeep.run_in_long_cluster", lambda func, pk: calls.append((func, pk))
    )
    old, plan = timezone.now() - timedelta(days=40), {"counts": {"invite": 1}, "rows": [[2, "A B", "", "skip", ""]]}

    def make(status, **fields):
        fields = {"data": b"x", **fields}
        return MemberImport.objects.create(
            organisation=organisation, filename="a.csv", status=status, plan=plan, **fields
        )

    stale = make("ready", status_changed_at=old)
    fresh = make("ready")
    lost = make("applying", status_changed_at=old)
    hopeless = make("analysing", status_changed_at=old, attempts=2)
    finished = make("done", finished_at=old, data=b"")
    assert imports_maintain() == {"cancelled": 1, "resumed": 1, "previews_erased": 1}
    for item in (stale, fresh, lost, hopeless, finished):
        item.refresh_from_db()
    assert stale.status == ImportStatus.CANCELLED and bytes(stale.data) == b"" and "rows" not in stale.plan
    assert fresh.status == ImportStatus.READY and fresh.plan == plan
    assert calls == [("courses.tasks.member_import_apply", lost.pk)] and lost.attempts == 1
    assert hopeless.status == ImportStatus.FAILED and bytes(hopeless.data) == b""
    assert finished.plan == {"counts": {"invite": 1}}
    assert imports_maintain() == {"cancelled": 0, "resumed": 0, "previews_erased": 0}


def test_other_organisations_imports_answer_404(client, commune):
    other = OrganisationFactory(slug="mairie-b")
    foreign = MemberImport.objects.create(organisation=other, filename="b.csv", data=b"x", status="ready")
    mine = MemberImport.objects.create(organisation=commune[0], filename="a.csv", data=b"x", status="ready")
    for path in ("", "etat/", "confirmation/", "codes/"):
        method = client.post if path in ("confirmation/", "codes/") else client.get
        assert method(f"{BASE}{foreign.pk}/{path}").status_code == 404
        assert method(f"/organisations/mairie-b/import/{mine.pk}/{path}").status_code == 404
        assert method(f"/organisations/mairie-b/import/{foreign.pk}/{path}").status_code == 404
    assert client.get("/organisations/mairie-b/import/").status_code == 404
    assert client.get("/organisations/mairie-b/import/exemple.csv").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ImportStatus.READY
    member = MembershipFactory(organisation=commune[0]).user
    client.force_login(member)  # a plain member is no manager
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}{mine.pk}/").status_code == 404


def test_the_sample_file_downloads_from_the_import_tab(client, commune):
    response = client.get(f"{BASE}exemple.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLE.read_bytes()


def import_queries(organisation, manager, course, rows: int, batch_size: int) -> int:
    """Statements issued to write `rows` people: half code accounts, half invitations, all
    enrolled in the course."""
    lines = ["nom;prénom;e-mail"]
    for i in range(rows):
        lines.append(f"Nom{i};Prénom{i};" + (f"p{i}@exemple.fr" if i % 2 else ""))
    member_import = MemberImport.objects.create(
        organisation=organisation,
        created_by=manager,
        filename="gros.csv",
        data="\n".join(lines).encode(),
        course=course,
        code_accounts=True,
        status=ImportStatus.APPLYING,
        total_rows=rows,
    )
    with CaptureQueriesContext(connection) as captured:
        import_apply(member_import.pk, size=batch_size)
    member_import.refresh_from_db()
    assert member_import.report["created"] == rows // 2 and member_import.report["invited"] == rows // 2
    return len(captured)


def test_an_import_costs_the_same_queries_for_10_and_10000_rows(commune, published):
    organisation, manager = commune
    small = import_queries(organisation, manager, published.course, 10, batch_size=10_000)
    MemberImport.objects.all().delete()
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=manager, role=MembershipRole.MANAGER)
    large = import_queries(other, manager, published.course, 10_000, batch_size=10_000)
    assert small == large == 27
    assert Enrolment.objects.filter(organisation=other).count() == 5_000


def test_the_report_and_the_journal_give_the_same_counts(client, commune):
    """Skipped rows and rows in error are counted apart, in the same words, on the report and in the Journal."""
    organisation, _manager = commune
    data = (
        "Nom;Prénom;Courriel\n"
        "Roux;Nina;nina@exemple.fr\n"
        "Petit;Zoé;pas-une-adresse\n"
        "Blanc;Léo;leo@@exemple.fr\n"
        "Roux;Nina;nina@exemple.fr\n"
    ).encode()
    upload(client, data)
    member_import = latest_import()
    assert member_import.plan["counts"] == {"create": 0, "invite": 1, "enrol": 0, "skip": 1, "error": 2}
    preview = page_text(client.get(f"{BASE}{member_import.pk}/"))
    assert "Doublon de la ligne 2." in preview
    client.post(f"{BASE}{member_import.pk}/confirmation/", {"decision": "confirm"})
    report = page_text(client.get(f"{BASE}{member_import.pk}/"))
    journal = page_text(client.get("/organisations/mairie-a/journal/"))
    for words in ("1 invitation envoyée", "1 ligne ignorée", "2 lignes en erreur, non importées"):
        assert words in report and words in journal, words
