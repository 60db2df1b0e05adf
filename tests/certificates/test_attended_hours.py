"""The course attestation shows the hours attended in person, from the registered hours
providers, frozen at issue; none shows when there are none."""

from decimal import Decimal

import pytest

from certificates import hours
from certificates.hours import attended_hours, register_hours_provider
from certificates.models import Certificate
from certificates.rendering import certificate_context, certificate_pdf
from tests.certificates.pdf_tools import CODE, VERIFY_URL, make_snapshot, needs_poppler, pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTENDED: dict[int, Decimal] = {}


def hours_of(*, user, course):
    """A real provider: the hours this person attended for this course."""
    return ATTENDED.get(user.pk, 0)


@pytest.fixture
def provider():
    """The registry with this test's provider only (not facetoface's, registered in ready())."""
    ATTENDED.clear()
    saved = dict(hours._providers)
    hours._providers.clear()
    register_hours_provider("test.hours", hours_of)
    yield
    hours._providers.clear()
    hours._providers.update(saved)


def test_the_snapshot_freezes_the_hours_attended(published, complete, provider):
    learner = UserFactory(audiences=["parent"])
    ATTENDED[learner.pk] = Decimal("3.5")
    complete(published, learner)
    certificate = Certificate.objects.get()
    assert certificate.snapshot["attended_hours"] == "3.5"
    ATTENDED[learner.pk] = Decimal("7")
    certificate.refresh_from_db()
    assert certificate.snapshot["attended_hours"] == "3.5", "frozen at issue"
    context = certificate_context(snapshot=certificate.snapshot, code=certificate.code, verify_url="https://x/")
    assert context["attended_hours"] == "3,5"


def test_no_hours_show_nothing(published, complete, provider):
    complete(published, UserFactory(audiences=["parent"]))
    certificate = Certificate.objects.get()
    assert certificate.snapshot["attended_hours"] is None
    context = certificate_context(snapshot=certificate.snapshot, code=certificate.code, verify_url="https://x/")
    assert context["attended_hours"] is None


def test_the_providers_are_summed(provider):
    register_hours_provider("test.more", lambda *, user, course: 1.25)
    try:
        user = UserFactory()
        ATTENDED[user.pk] = Decimal("2")
        assert attended_hours(user=user, course=None) == Decimal("3.2")
    finally:
        hours._providers.pop("test.more")


@needs_poppler
def test_the_pdf_shows_online_and_in_person_hours_only_when_attended():
    attended = certificate_pdf(snapshot=make_snapshot(attended_hours="7"), code=CODE, verify_url=VERIFY_URL)
    with_hours = " ".join(pdf_text(attended).split())
    assert "EN LIGNE 2 h 30" in with_hours and "EN PRÉSENTIEL 7 h" in with_hours
    without = " ".join(pdf_text(certificate_pdf(snapshot=make_snapshot(), code=CODE, verify_url=VERIFY_URL)).split())
    assert "DURÉE 2 h 30" in without and "PRÉSENTIEL" not in without
