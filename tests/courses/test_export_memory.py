"""The enrolments export streams: memory stays flat whether 2,000 or 12,000 rows go out."""

import gc
import tracemalloc

from django.contrib.auth.hashers import make_password

import pytest

from courses.models import Enrolment
from lms.accounts.models import User
from lms.organisations.models import Membership, MembershipRole
from tests.factories import CourseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def peak_while_exporting(client, slug: str) -> tuple[int, int]:
    """(rows received, peak bytes allocated while the response is consumed)."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(f"/organisations/{slug}/export/inscriptions.csv")
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, peak


def organisation_with(count: int, client):
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    organisation = manager.organisation
    course = CourseFactory()
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(login_id=f"{organisation.slug}-{i}", last_name=f"Nom{i}", first_name="Prénom", password=password)
            for i in range(count)
        ]
    )
    Membership.objects.bulk_create([Membership(organisation=organisation, user=user) for user in users])
    Enrolment.objects.bulk_create([Enrolment(user=user, course=course, organisation=organisation) for user in users])
    client.force_login(manager.user)
    return organisation


def test_memory_stays_flat_as_the_export_grows(client):
    small = organisation_with(2_000, client)
    small_rows, small_peak = peak_while_exporting(client, small.slug)
    large = organisation_with(12_000, client)
    large_rows, large_peak = peak_while_exporting(client, large.slug)
    assert (small_rows, large_rows) == (2_000, 12_000)
    # Six times the rows: an export held in memory would peak six times higher (or more). Streamed,
    # the peak is a chunk's worth plus the garbage collector's timing, well under three times.
    assert large_peak < small_peak * 3, (small_peak, large_peak)
