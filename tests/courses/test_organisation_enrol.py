"""Managers enrol their members and follow them (Inscriptions and Suivi tabs), and every action
lands in the journal. Only enrolments attached to the organisation are ever shown."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest

from courses.models import Enrolment
from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record
from lms.notifications.models import OutboxMessage
from lms.organisations.models import AuditEntry, MembershipRole, OrganisationKind
from tests.factories import MemberGroupFactory, MembershipFactory, UserFactory
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(client):
    manager = MembershipFactory(
        role=MembershipRole.MANAGER, organisation__slug="mairie-a", organisation__name="Mairie A"
    )
    client.force_login(manager.user)
    return manager.organisation, manager.user


def member(organisation, **user):
    return MembershipFactory(organisation=organisation, user=UserFactory(**user)).user


def enrol(client, published, **data):
    return client.post("/organisations/mairie-a/inscriptions/", {"course": published.course.pk, **data})


def test_a_manager_enrols_chosen_members_with_a_due_date(client, commune, published):
    organisation, manager = commune
    ana, bob = member(organisation, email="ana@exemple.fr"), member(organisation)
    due = timezone.localdate() + timedelta(days=30)
    response = enrol(client, published, who="chosen", members=[ana.pk, bob.pk], due_on=due.isoformat())
    assert response.status_code == 302
    enrolments = Enrolment.objects.filter(course=published.course)
    assert {(e.user, e.organisation, e.enrolled_by, e.due_on) for e in enrolments} == {
        (ana, organisation, manager, due),
        (bob, organisation, manager, due),
    }
    assert "2 inscriptions créées" in page_text(client.get("/organisations/mairie-a/inscriptions/"))
    deliver()
    assert published.course.title in last_email_to("ana@exemple.fr").subject
    (entry,) = AuditEntry.objects.filter(organisation=organisation, action="enrol")
    assert entry.actor == manager and published.course.title in entry.summary


def test_self_enrolled_people_are_attached_and_the_already_attached_left_alone(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation, audiences=["parent"])
    own = enrolment_create(user=ana, course=published.course)
    enrol(client, published, who="chosen", members=[ana.pk])
    own.refresh_from_db()
    assert own.organisation == organisation and Enrolment.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="courses.enrolled_by_organisation", recipient=ana).count() == 1
    response = enrol(client, published, who="chosen", members=[ana.pk])
    assert response.status_code == 302
    assert "1 déjà inscrite : rien n'a changé" in page_text(client.get("/organisations/mairie-a/inscriptions/"))
    assert OutboxMessage.objects.filter(kind="courses.enrolled_by_organisation").count() == 1


def test_all_members_of_an_audience(client, commune, published):
    organisation, _manager = commune
    agent, teacher = member(organisation, audiences=["agent"]), member(organisation, audiences=["teacher"])
    enrol(client, published, who="audience", audience="agent")
    assert list(Enrolment.objects.values_list("user", flat=True)) == [agent.pk]
    assert teacher.pk not in Enrolment.objects.values_list("user", flat=True)


def test_bad_input_is_explained_next_to_the_field(client, commune, published):
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    html = page_text(enrol(client, published, who="chosen", due_on=past))
    assert "Cochez au moins une personne." in html and "Choisissez une date à venir." in html
    html = page_text(enrol(client, published, who="audience"))
    assert "Choisissez le public à inscrire." in html
    assert not Enrolment.objects.exists()


def test_people_outside_the_organisation_cannot_be_enrolled(client, commune, published):
    stranger = UserFactory()
    html = page_text(enrol(client, published, who="chosen", members=[stranger.pk]))
    assert "Sélectionnez un choix valide" in html
    assert not Enrolment.objects.exists()


def test_unattached_enrolments_stay_invisible(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation, audiences=["parent"], last_name="Invisible")
    enrolment_create(user=ana, course=published.course)
    assert "Invisible" not in page_text(client.get("/organisations/mairie-a/inscriptions/"))
    assert "Aucune inscription à suivre" in page_text(client.get("/organisations/mairie-a/suivi/"))


def test_the_follow_up_counts_each_state(client, commune, published):
    organisation, _manager = commune
    people = [member(organisation) for _ in range(4)]
    enrol(client, published, who="chosen", members=[person.pk for person in people])
    enrolments = {e.user_id: e for e in Enrolment.objects.all()}
    module_completion_record(enrolment=enrolments[people[0].pk], module=published.reading)
    Enrolment.objects.filter(pk=enrolments[people[1].pk].pk).update(status="completed")
    Enrolment.objects.filter(pk=enrolments[people[2].pk].pk).update(due_on=timezone.localdate() - timedelta(days=2))
    html = " ".join(page_text(client.get("/organisations/mairie-a/suivi/")).split())
    # 4 enrolled: 1 in progress, 1 completed, 2 not started (one of them overdue).
    assert "<td>4</td>" in html
    assert '2 <span class="muted">(50 %)</span>' in html  # not started
    assert '1 <span class="muted">(25 %)</span>' in html


def test_inscriptions_and_suivi_give_each_state_the_same_name(client, commune, published):
    """The same people are "Pas commencée", "En cours" or "Terminée" on both tabs and in the export."""
    organisation, _manager = commune
    people = [member(organisation, last_name=name) for name in ("Alpha", "Bravo", "Charlie")]
    enrol(client, published, who="chosen", members=[person.pk for person in people])
    enrolments = {e.user_id: e for e in Enrolment.objects.all()}
    module_completion_record(enrolment=enrolments[people[1].pk], module=published.reading)
    Enrolment.objects.filter(pk=enrolments[people[2].pk].pk).update(status="completed")
    inscriptions = " ".join(page_text(client.get("/organisations/mairie-a/inscriptions/")).split())
    for name, state in (("ALPHA", "Pas commencée"), ("BRAVO", "En cours"), ("CHARLIE", "Terminée")):
        assert re.search(rf"{name} [^<]*</th>\s*<td>[^<]*</td>\s*<td>{state}</td>", inscriptions), name
    suivi = " ".join(page_text(client.get("/organisations/mairie-a/suivi/")).split())
    assert re.search(
        r'<th scope="col">Pas commencée</th>\s*<th scope="col">En cours</th>\s*<th scope="col">Terminée</th>', suivi
    )
    assert re.search(r"<td>3</td>\s*<td>1 <span[^>]*>\(33 %\)</span></td>\s*<td>1 <span", suivi)
    export = b"".join(client.get("/organisations/mairie-a/export/inscriptions.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert {"Pas commencée", "En cours", "Terminée"} <= {
        cell for line in export.splitlines() for cell in line.split(";")
    }


@pytest.mark.parametrize("who", ["member", "stranger", "other_manager", "agency_staff"])
def test_the_tabs_are_404_for_non_managers(client, commune, published, who):
    organisation, _manager = commune
    if who == "member":
        user = member(organisation)
    elif who == "stranger":
        user = UserFactory()
    elif who == "agency_staff":
        user = MembershipFactory(role=MembershipRole.MANAGER, organisation__kind=OrganisationKind.REGIONAL_AGENCY).user
    else:
        user = MembershipFactory(role=MembershipRole.MANAGER).user
    followed = MembershipFactory(organisation=organisation)
    group = MemberGroupFactory(organisation=organisation)
    client.force_login(user)
    for path in [
        "/organisations/mairie-a/inscriptions/",
        "/organisations/mairie-a/suivi/",
        "/organisations/mairie-a/journal/",
        # Issue 33: a person's page, the groups and their pages.
        f"/organisations/mairie-a/suivi/membres/{followed.pk}/",
        "/organisations/mairie-a/groupes/",
        f"/organisations/mairie-a/groupes/{group.pk}/",
        f"/organisations/mairie-a/groupes/{group.pk}/suppression/",
    ]:
        assert client.get(path).status_code == 404, path
    assert enrol(client, published, who="all").status_code == 404
    assert not Enrolment.objects.exists()


def test_the_journal_lists_invitations_and_enrolments(client, commune, published):
    organisation, _manager = commune
    someone = member(organisation)
    client.post("/organisations/mairie-a/inviter/", {"email": "nouvelle@exemple.fr"})
    enrol(client, published, who="chosen", members=[someone.pk])
    html = page_text(client.get("/organisations/mairie-a/journal/"))
    assert "Invitation envoyée à nouvelle@exemple.fr" in html
    assert f"1 personne inscrite à « {published.course.title} »" in html


@pytest.mark.parametrize("people", [2, 20])
def test_tabs_cost_the_same_queries_for_2_or_20_people(client, commune, published, people):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation, _manager = commune
    members = [member(organisation) for _ in range(people)]
    enrol(client, published, who="chosen", members=[person.pk for person in members])
    counts = []
    for tab in ("inscriptions", "suivi"):
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/organisations/mairie-a/{tab}/").status_code == 200
        counts.append(len(queries))
    # Inscriptions: session, user, organisation, published courses, whether there are groups
    # (issue 33), whether there are members, the members' checkboxes, the count, the page.
    # Suivi: session, user, organisation, counts, then (issue 33) the groups for the filter and
    # the people followed (count and page).
    assert counts == [9, 7]


def export_rows(response) -> list[list[str]]:
    import csv
    import io

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_has_the_rows_of_the_screen_with_formulas_neutralised(client, commune, published):
    from tests.courses.conftest import build_course

    organisation, _manager = commune
    tricky = member(organisation, last_name='=HYPERLINK("http://x")', first_name="+33", email="@x@exemple.fr")
    plain = member(organisation, last_name="Durand")
    other = build_course()
    enrol(client, published, who="chosen", members=[tricky.pk, plain.pk])
    client.post(
        "/organisations/mairie-a/inscriptions/", {"course": other.course.pk, "who": "chosen", "members": [plain.pk]}
    )
    other_membership = MembershipFactory(user__last_name="Ailleurs")
    enrolment_create(
        user=other_membership.user,
        course=published.course,
        enrolled_by=UserFactory(),
        organisation=other_membership.organisation,
    )
    outsider = other_membership.user
    enrolment_create(user=UserFactory(audiences=["parent"], last_name="Seule"), course=published.course)
    response = client.get("/organisations/mairie-a/export/inscriptions.csv", {"formation": published.course.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inscriptions-mairie-a-')
    header, *rows = export_rows(response)
    assert header[0] == "Nom" and len(rows) == 2
    screen = page_text(client.get("/organisations/mairie-a/inscriptions/", {"formation": published.course.pk}))
    assert screen.count("/retrait/") == len(rows)
    names = {row[0] for row in rows}
    assert names == {'\'=HYPERLINK("http://x")', "Durand"}
    tricky_row = next(row for row in rows if row[0].startswith("'="))
    assert tricky_row[1] == "'+33" and tricky_row[2] == "'@x@exemple.fr"
    assert all(row[3] == published.course.title for row in rows)
    assert outsider.last_name not in {row[0] for row in rows} and "Seule" not in {row[0] for row in rows}
    assert AuditEntry.objects.filter(organisation=organisation, action="export").count() == 1


def test_the_export_is_404_for_other_managers(client, commune):
    client.force_login(MembershipFactory(role=MembershipRole.MANAGER).user)
    assert client.get("/organisations/mairie-a/export/inscriptions.csv").status_code == 404


def test_a_manager_withdraws_after_confirming(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation, last_name="Martin")
    enrol(client, published, who="chosen", members=[ana.pk])
    enrolment = Enrolment.objects.get()
    url = f"/organisations/mairie-a/inscriptions/{enrolment.pk}/retrait/"
    assert "Ses modules terminés et ses résultats sont gardés" in page_text(client.get(url))
    assert Enrolment.objects.get().status == "active"
    client.post(url)
    assert Enrolment.objects.get().status == "withdrawn"
    assert AuditEntry.objects.filter(action="withdraw").exists()
    assert client.post(url).status_code == 404  # only active, attached enrolments


def test_withdrawing_an_unattached_enrolment_is_404(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation, audiences=["parent"])
    own = enrolment_create(user=ana, course=published.course)
    assert client.post(f"/organisations/mairie-a/inscriptions/{own.pk}/retrait/").status_code == 404
    own.refresh_from_db()
    assert own.status == "active"


def test_withdrawal_is_404_for_non_managers(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation)
    enrol(client, published, who="chosen", members=[ana.pk])
    enrolment = Enrolment.objects.get()
    for user in (ana, UserFactory(), MembershipFactory(role=MembershipRole.MANAGER).user):
        client.force_login(user)
        assert client.post(f"/organisations/mairie-a/inscriptions/{enrolment.pk}/retrait/").status_code == 404
    assert Enrolment.objects.get().status == "active"


def test_a_finished_self_enrolment_stays_finished_when_attached(client, commune, published):
    from courses.services.progress import quiz_attempt_submit
    from tests.courses.conftest import right_answers

    organisation, _manager = commune
    ana = member(organisation, audiences=["parent"])
    own = enrolment_create(user=ana, course=published.course)
    module_completion_record(enrolment=own, module=published.reading)
    quiz_attempt_submit(
        enrolment=own, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    enrol(client, published, who="chosen", members=[ana.pk])
    own.refresh_from_db()
    assert own.status == "completed" and own.organisation == organisation


def test_a_withdrawn_member_can_be_enrolled_again(client, commune, published):
    organisation, _manager = commune
    ana = member(organisation)
    enrol(client, published, who="chosen", members=[ana.pk])
    enrolment = Enrolment.objects.get()
    client.post(f"/organisations/mairie-a/inscriptions/{enrolment.pk}/retrait/")
    enrol(client, published, who="chosen", members=[ana.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and enrolment.withdrawn_at is None


def test_huge_ids_are_invalid_not_errors(client, commune, published):
    assert client.get("/organisations/mairie-a/inscriptions/", {"formation": "9" * 30}).status_code == 200
    response = enrol(client, published, who="chosen", members=["9" * 30])
    assert response.status_code == 200 and "Sélectionnez un choix valide" in page_text(response)


def test_people_who_left_drop_out_of_the_lists(client, commune, published):
    from lms.organisations.services.memberships import membership_end

    organisation, manager = commune
    ana = member(organisation, last_name="Partie")
    enrol(client, published, who="chosen", members=[ana.pk])
    membership_end(membership=organisation.memberships.get(user=ana), ended_by=manager)
    assert "PARTIE" not in page_text(client.get("/organisations/mairie-a/inscriptions/"))
    header, *rows = export_rows(client.get("/organisations/mairie-a/export/inscriptions.csv"))
    assert rows == []


@pytest.mark.parametrize("people", [2, 20])
def test_bulk_enrolment_costs_the_same_queries_for_2_or_20_people(commune, published, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.services.enrolments import organisation_enrol

    organisation, manager = commune
    members = [member(organisation) for _ in range(people)]
    with CaptureQueriesContext(connection) as queries:
        report = organisation_enrol(organisation=organisation, manager=manager, users=members, course=published.course)
    assert len(report.created) == people
    assert OutboxMessage.objects.filter(kind="courses.enrolled_by_organisation").count() == people
    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    # Lock existing rows, insert, read back, insert the e-mails, read their ids, the journal.
    assert len(statements) == 6, "\n".join(sql[:120] for sql in statements)
