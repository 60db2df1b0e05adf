from datetime import timedelta

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.utils import timezone

import pytest

from lms.accounts.models import MagicLink
from tests.factories import UserFactory
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def request_link(client, email):
    return client.post("/compte/lien/", {"email": email})


def emailed_path(client, user):
    request_link(client, user.email)
    deliver()
    return path_of(link_in(last_email_to(user.email), "/compte/lien/"))


def test_same_answer_for_known_and_unknown_addresses(client):
    """The request page answers identically whether or not an account exists."""
    UserFactory(email="connue@exemple.fr")
    known = request_link(client, "connue@exemple.fr")
    unknown = request_link(client, "inconnue@exemple.fr")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/compte/lien/envoye/"
    deliver()
    assert [message.to for message in mail.outbox] == [["connue@exemple.fr"]]


def test_parent_signs_in_with_the_link(client):
    """GET shows "Me connecter"; the POST signs in and sends to the account page."""
    parent = UserFactory(first_name="Paule")
    path = emailed_path(client, parent)
    page = client.get(path)
    assert "Me connecter" in page_text(page)
    assert SESSION_KEY not in client.session
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"
    assert client.session[SESSION_KEY] == str(parent.pk)


def test_get_does_not_consume_the_link(client):
    """Mail scanners pre-fetch links: any number of GETs leave the link usable."""
    path = emailed_path(client, UserFactory())
    for _ in range(3):
        assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302


def test_a_used_link_is_refused(client):
    """A link works once; the second POST gets the "expired or used" page."""
    path = emailed_path(client, UserFactory())
    client.post(path)
    client.logout()
    response = client.post(path)
    assert response.status_code == 410
    assert "Lien expiré ou déjà utilisé" in page_text(response)
    assert SESSION_KEY not in client.session


def test_an_expired_link_is_refused(client):
    """After 15 minutes the link no longer works."""
    path = emailed_path(client, UserFactory())
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert SESSION_KEY not in client.session


def test_a_tampered_link_is_refused(client):
    """Changing one character of the token gives nothing."""
    path = emailed_path(client, UserFactory())
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert client.post(forged).status_code == 410
    assert SESSION_KEY not in client.session


def test_the_token_is_stored_hashed(client):
    """The database holds neither the token nor the link: only a hash and a nonce."""
    path = emailed_path(client, UserFactory())
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = MagicLink.objects.get()
    assert token not in (link.token_hash, link.nonce)
    from lms.notifications.models import OutboxMessage

    assert token not in str(OutboxMessage.objects.values_list("context", flat=True)[0])


def test_links_are_valid_fifteen_minutes():
    """A sign-in link lives 15 minutes."""
    from lms.accounts.services.magic_links import magic_link_create

    link = magic_link_create(user=UserFactory())
    assert link.expires_at - link.created_at == timedelta(minutes=15)


def test_the_link_returns_to_the_page_asked_for(client):
    """A `next` page survives the trip through the e-mail, if it is on this site."""
    user = UserFactory()
    client.post("/compte/lien/", {"email": user.email, "next": "/compte/preferences/"})
    client.post("/compte/lien/", {"email": user.email, "next": "https://ailleurs.example/"})
    deliver()
    first, second = (path_of(link_in(m, "/compte/lien/")) for m in mail.outbox)
    assert client.post(first)["Location"] == "/compte/preferences/"
    assert client.post(second)["Location"] == "/mon-espace/"


def test_inactive_accounts_get_no_link(client):
    """A deactivated account receives nothing and cannot use an old link."""
    user = UserFactory()
    path = emailed_path(client, user)
    user.is_active = False
    user.save()
    assert client.post(path).status_code == 410
