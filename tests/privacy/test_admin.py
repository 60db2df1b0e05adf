from django.urls import reverse

import pytest

from lms.accounts.models import User
from lms.privacy.models import DataExport, ErasureRecord
from tests.factories import AccountDeletionRequestFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def test_pending_requests_are_listed_and_the_preview_shows_what_goes_and_stays(client, staff):
    """Staff see the pending request, then the preview: deleted, anonymised and kept, with why."""
    request = AccountDeletionRequestFactory(user=UserFactory(email="partir@exemple.fr"))
    EnrolmentFactory(user=request.user)
    index = client.get(reverse("privacy_admin_index")).content.decode()
    assert "partir@exemple.fr" in index
    preview = client.get(reverse("privacy_admin_person", args=[request.user.pk])).content.decode()
    assert "Supprimé" in preview and "Anonymisé" in preview
    assert "effectifs formés" in preview  # why enrolments stay


def test_processing_a_request_erases_the_person_and_records_it(client, staff, django_capture_on_commit_callbacks):
    """Erasing needs a reason and a confirmation; the record keeps who, why and on request."""
    request = AccountDeletionRequestFactory(user=UserFactory())
    url = reverse("privacy_admin_person", args=[request.user.pk])
    assert client.post(url, {"action": "erase", "reason": "Demande."}).status_code == 400  # not confirmed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "erase", "reason": "Demande.", "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=request.user.pk).exists()
    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.on_request, record.reason) == (staff, True, "Demande.")


def test_staff_export_for_someone_is_logged_and_downloaded_from_the_admin(
    client, staff, django_capture_on_commit_callbacks
):
    """An export run by staff names who asked, is not e-mailed to the person, and downloads here."""
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy_admin_person", args=[person.pk]), {"action": "export"})
    export = DataExport.objects.get(user=person)
    assert export.requested_by == staff and export.status == "ready"
    assert not person.outbox_messages.exists()
    assert client.get(reverse("privacy_admin_export", args=[export.pk])).status_code == 200


def test_only_superusers_reach_the_privacy_screens(client):
    """Anyone else gets no page."""
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("privacy_admin_index")).status_code in (302, 404)
