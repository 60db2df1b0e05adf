import pytest

from lms.notifications.models import OutboxMessage, OutboxStatus
from tests.factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_outbox_list_filters_by_status_and_kind(staff_client):
    """Staff see the outbox and filter it by status and kind."""
    OutboxMessageFactory(status=OutboxStatus.FAILED, to_email="echec@exemple.fr")
    OutboxMessageFactory(status=OutboxStatus.SENT, to_email="parti@exemple.fr")
    html = staff_client.get("/django-admin/notifications/outboxmessage/?status__exact=failed").content.decode()
    assert "echec@exemple.fr" in html
    assert "parti@exemple.fr" not in html
    assert staff_client.get("/django-admin/notifications/outboxmessage/?kind=accounts.welcome").status_code == 200


def test_resend_action_requeues_failed_rows_through_the_service(staff_client, django_capture_on_commit_callbacks):
    """ "Renvoyer" puts failed rows back with fresh attempts, and they are sent."""
    from django.core import mail

    failed = OutboxMessageFactory(status=OutboxStatus.FAILED, attempts=5, last_error="SMTPDataError: 451")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/django-admin/notifications/outboxmessage/",
            {"action": "resend", "_selected_action": [failed.pk]},
            follow=True,
        )
    assert "1 e-mail remis en file d'envoi." in response.content.decode().replace("&#x27;", "'")
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert failed.attempts == 1
    assert len(mail.outbox) == 1


def test_outbox_rows_cannot_be_edited_by_hand(staff_client):
    """Rows are read-only in the admin: changes go through the service actions."""
    message = OutboxMessageFactory()
    response = staff_client.post(
        f"/django-admin/notifications/outboxmessage/{message.pk}/change/", {"to_email": "autre@exemple.fr"}
    )
    assert response.status_code == 403
    assert OutboxMessage.objects.get().to_email == message.to_email
