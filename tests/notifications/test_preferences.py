from django.test import Client

import pytest

from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.notifications.selectors import preferences_for
from lms.notifications.services.outbox import outbox_enqueue
from lms.notifications.unsubscribe import unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_preferences_page_switches_a_group_off_and_on(client):
    """A signed-in person unticks a group, saves, and sees it unticked; then ticks it again."""
    user = UserFactory()
    client.force_login(user)
    page = client.get("/compte/preferences/").content.decode()
    assert "Conseils et nouveautés" in page
    response = client.post("/compte/preferences/", {})
    assert response.status_code == 302
    assert preferences_for(user)["actualites"] is False
    assert "Vos préférences sont enregistrées." in client.get("/compte/preferences/").content.decode()
    client.post("/compte/preferences/", {"actualites": "on"})
    assert preferences_for(user)["actualites"] is True


def test_switching_off_cancels_what_is_pending(client):
    """Pending e-mails of a group the person switches off are cancelled, not sent later."""
    user = UserFactory()
    message = outbox_enqueue(recipient=user, kind="accounts.welcome", obj=user)
    client.force_login(user)
    client.post("/compte/preferences/", {})
    message.refresh_from_db()
    assert message.status == OutboxStatus.CANCELLED


def test_preferences_need_a_sign_in(client):
    """Visitors are sent to the sign-in page."""
    response = client.get("/compte/preferences/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_unsubscribe_get_shows_without_changing_anything():
    """GET (what a mail scanner does) shows the confirmation and changes nothing."""
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, group="actualites")
    response = Client().get(f"/desabonnement/{token}/")
    assert response.status_code == 200
    assert "Confirmer le désabonnement" in response.content.decode()
    assert preferences_for(user)["actualites"] is True


def test_one_click_unsubscribe_post_needs_no_login_and_no_csrf_token():
    """The RFC 8058 POST from a mail client, without session or CSRF token, switches the group off."""
    user = UserFactory()
    pending = outbox_enqueue(recipient=user, kind="accounts.welcome", obj=user)
    token = unsubscribe_token(user_id=user.pk, group="actualites")
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Désabonnement enregistré" in response.content.decode()
    assert preferences_for(user)["actualites"] is False
    assert OutboxMessage.objects.get(pk=pending.pk).status == OutboxStatus.CANCELLED


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        lambda token: "x" + token,  # payload changed
        lambda token: "pas-un-jeton",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_tampered_unsubscribe_token_is_refused(mangle):
    """A forged or damaged token answers 404 and changes nothing."""
    user = UserFactory()
    token = mangle(unsubscribe_token(user_id=user.pk, group="actualites"))
    response = Client().post(f"/desabonnement/{token}/")
    assert response.status_code == 404
    assert preferences_for(user)["actualites"] is True


def test_unsubscribe_token_for_an_unknown_group_is_refused():
    """A genuine signature over an unknown group is still a 404."""
    user = UserFactory()
    assert Client().post(f"/desabonnement/{unsubscribe_token(user_id=user.pk, group='inconnu')}/").status_code == 404


def test_csrf_stays_on_for_the_preferences_form():
    """Only the unsubscribe POST is exempt: the preferences form still needs its token."""
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/compte/preferences/", {}).status_code == 403
