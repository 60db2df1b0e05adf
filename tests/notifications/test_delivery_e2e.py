"""End to end: a request writes the outbox, a real `qcluster` sends it over real SMTP."""

from django.contrib.auth import SESSION_KEY

import pytest

from lms.notifications.models import OutboxMessage, OutboxStatus
from tests.factories import UserFactory
from tests.helpers.outbox import link_in, path_of

pytestmark = pytest.mark.worker


def test_magic_link_travels_through_the_worker_and_smtp(client, smtp_server, qcluster):
    """The request only enqueues; the default cluster sends over SMTP; the link then signs in."""
    parent = UserFactory(email="parent.e2e@exemple.fr", first_name="Paule")
    response = client.post("/compte/lien/", {"email": "parent.e2e@exemple.fr"})
    assert response.status_code == 302
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert smtp_server.messages == []

    with qcluster("default") as worker:
        worker.wait_for(lambda: len(smtp_server.messages) == 1, timeout=60)
        worker.wait_for(lambda: OutboxMessage.objects.get().status == OutboxStatus.SENT)

    received = smtp_server.messages[0]
    assert received.envelope_to == ["parent.e2e@exemple.fr"]
    assert received["Subject"] == "Votre lien de connexion à Passerelle"

    class Plain:
        body = received.body("plain")

    client.post(path_of(link_in(Plain, "/compte/lien/")))
    assert client.session[SESSION_KEY] == str(parent.pk)
