"""Groups of members (issue 33, item 2): managers make and delete them (after confirmation),
Suivi and enrolment work on a group, other organisations' groups are 404, and Suivi filtered
by a group costs the same for 10 members as for 1,000."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.models import Enrolment
from lms.organisations.models import AuditEntry, MemberGroup, Membership, MembershipRole
from tests.factories import CourseFactory, EnrolmentFactory, MemberGroupFactory, MembershipFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(client):
    manager = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a")
    client.force_login(manager.user)
    return manager.organisation


def test_a_manager_creates_then_deletes_a_group_after_confirming(client, commune):
    """Creating and deleting are journalled; GET on delete only asks."""
    ana = MembershipFactory(organisation=commune)
    client.post("/organisations/mairie-a/groupes/", {"name": "Services techniques", "memberships": [ana.pk]})
    group = MemberGroup.objects.get(organisation=commune)
    assert list(group.memberships.all()) == [ana]
    url = f"/organisations/mairie-a/groupes/{group.pk}/suppression/"
    assert "Supprimer le groupe" in page_text(client.get(url))
    assert MemberGroup.objects.exists()
    client.post(url)
    assert not MemberGroup.objects.exists() and Membership.objects.filter(pk=ana.pk).exists()
    assert AuditEntry.objects.filter(action="group").count() == 2


def test_another_organisations_member_cannot_be_put_in_a_group(client, commune):
    """A forged membership id from elsewhere is an invalid choice."""
    stranger = MembershipFactory()
    client.post("/organisations/mairie-a/groupes/", {"name": "Intrus", "memberships": [stranger.pk]})
    assert not MemberGroup.objects.exists()


def test_enrolling_a_group_enrols_its_current_members_only(client, commune):
    """who=group enrols the group's members and nobody else."""
    inside, outside = MembershipFactory(organisation=commune), MembershipFactory(organisation=commune)
    group = MemberGroupFactory(organisation=commune)
    group.memberships.add(inside)
    course = CourseFactory()
    client.post("/organisations/mairie-a/inscriptions/", {"course": course.pk, "who": "group", "group": group.pk})
    assert list(Enrolment.objects.values_list("user", flat=True)) == [inside.user_id]
    assert outside.user_id not in Enrolment.objects.values_list("user", flat=True)


def test_suivi_filtered_by_group_counts_only_its_members(client, commune):
    """The group's people are counted and listed; the others are not."""
    inside = MembershipFactory(organisation=commune, user=UserFactory(last_name="Dedans"))
    outside = MembershipFactory(organisation=commune, user=UserFactory(last_name="Dehors"))
    group = MemberGroupFactory(organisation=commune)
    group.memberships.add(inside)
    course = CourseFactory()
    for membership in (inside, outside):
        EnrolmentFactory(user=membership.user, course=course, organisation=commune)
    html = page_text(client.get(f"/organisations/mairie-a/suivi/?groupe={group.pk}"))
    assert "DEDANS" in html.upper() and "Dehors" not in html


@pytest.mark.parametrize("who", ["other_manager", "member"])
def test_the_404_matrix_of_groups(client, commune, who):
    """Another organisation's group, in a path or a filter, is a 404; non-managers get 404."""
    group = MemberGroupFactory(organisation=commune)
    elsewhere = MemberGroupFactory()
    for path in [
        f"/organisations/mairie-a/groupes/{elsewhere.pk}/",
        f"/organisations/mairie-a/groupes/{elsewhere.pk}/suppression/",
        f"/organisations/mairie-a/suivi/?groupe={elsewhere.pk}",
        f"/organisations/mairie-a/export/inscriptions.csv?groupe={elsewhere.pk}",
        f"/organisations/mairie-a/export/membres.csv?groupe={elsewhere.pk}",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/organisations/mairie-a/groupes/{elsewhere.pk}/suppression/").status_code == 404
    client.force_login(
        MembershipFactory(organisation=commune).user
        if who == "member"
        else MembershipFactory(role=MembershipRole.MANAGER).user
    )
    for path in ["/organisations/mairie-a/groupes/", f"/organisations/mairie-a/groupes/{group.pk}/"]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/organisations/mairie-a/groupes/{group.pk}/suppression/").status_code == 404
    assert MemberGroup.objects.filter(pk__in=[group.pk, elsewhere.pk]).count() == 2


@pytest.mark.parametrize("members", [10, 1000])
def test_suivi_filtered_by_group_query_count_is_pinned(client, commune, members):
    """Session, user, organisation, group, per-course counts, group list, people count and
    page: the same for 10 members as for 1,000."""
    course = CourseFactory()
    group = MemberGroupFactory(organisation=commune)
    users = UserFactory.create_batch(members)
    memberships = Membership.objects.bulk_create([Membership(user=user, organisation=commune) for user in users])
    group.memberships.add(*memberships)
    Enrolment.objects.bulk_create([Enrolment(user=user, course=course, organisation=commune) for user in users])
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/organisations/mairie-a/suivi/?groupe={group.pk}")
    assert response.status_code == 200
    assert len(queries) == 8, [query["sql"][:80] for query in queries.captured_queries]


def test_both_exports_narrow_to_a_group(client, commune):
    """The enrolments and the members CSV hold the group's people only."""
    inside = MembershipFactory(organisation=commune, user=UserFactory(last_name="Dedans"))
    outside = MembershipFactory(organisation=commune, user=UserFactory(last_name="Dehors"))
    group = MemberGroupFactory(organisation=commune)
    group.memberships.add(inside)
    course = CourseFactory()
    for membership in (inside, outside):
        EnrolmentFactory(user=membership.user, course=course, organisation=commune)
    for path in ("export/inscriptions.csv", "export/membres.csv"):
        response = client.get(f"/organisations/mairie-a/{path}", {"groupe": group.pk})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Dedans" in text and "Dehors" not in text, path
