"""Adding an e-mail address after a code sign-in, or changing it: set only once confirmed."""

from django.contrib.auth import SESSION_KEY
from django.core import mail

import pytest

from lms.accounts.models import MagicLink, MagicLinkPurpose
from lms.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(client):
    """An agent created by their commune, without e-mail, signed in after their code."""
    user = UserFactory(email=None, first_name="Agnès", last_name="Roux")
    client.force_login(user)
    return user


def confirmation_path(address: str) -> str:
    deliver()
    return path_of(link_in(last_email_to(address), "/compte/lien/"))


def test_agent_adds_an_address_and_confirms_it(client, agent):
    """The address is saved only when the link sent to it is opened, and it is then confirmed."""
    response = client.post("/compte/email/", {"email": "agnes.roux@exemple.fr"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    agent.refresh_from_db()
    assert agent.email is None
    assert "En attente de confirmation : agnes.roux@exemple.fr" in page_text(client.get("/compte/"))

    path = confirmation_path("agnes.roux@exemple.fr")
    assert "Confirmer cette adresse" in page_text(client.get(path))
    agent.refresh_from_db()
    assert agent.email is None, "a GET (mail scanners) must not change the address"

    client.logout()
    response = client.post(path)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(agent.pk)
    agent.refresh_from_db()
    assert agent.email == "agnes.roux@exemple.fr"
    assert agent.email_confirmed_at is not None
    assert agent.login_id, "the login id keeps working"
    assert "Votre adresse e-mail est confirmée" in page_text(client.get("/compte/"))


def test_the_confirmation_link_works_once(client, agent):
    """A second POST of the same link is refused."""
    client.post("/compte/email/", {"email": "agnes.roux@exemple.fr"})
    path = confirmation_path("agnes.roux@exemple.fr")
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 410


def test_a_new_request_replaces_the_pending_one(client, agent):
    """Only the latest address can be confirmed: the earlier link stops working."""
    client.post("/compte/email/", {"email": "premiere@exemple.fr"})
    first = confirmation_path("premiere@exemple.fr")
    client.post("/compte/email/", {"email": "seconde@exemple.fr"})
    assert client.post(first).status_code == 410
    agent.refresh_from_db()
    assert agent.email is None


def test_an_address_of_another_account_is_not_revealed_and_its_owner_is_told(client, agent):
    """The page answers as for a free address; the owner gets a notice, the asker no link."""
    UserFactory(email="prise@exemple.fr")
    response = client.post("/compte/email/", {"email": "PRISE@exemple.fr"})
    assert response.status_code == 302
    profile = page_text(client.get("/compte/"))
    assert "Nous avons envoyé un lien à PRISE@exemple.fr" in profile
    assert "En attente de confirmation : PRISE@exemple.fr" in profile
    deliver()
    (notice,) = [message for message in mail.outbox if message.to == ["prise@exemple.fr"]]
    assert notice.subject == "Quelqu'un a voulu utiliser votre adresse sur Passerelle"
    assert "/compte/lien/" in notice.body and "/compte/lien/" + "x" not in notice.body
    assert not OutboxMessage.objects.filter(kind="accounts.email_change").exists()
    agent.refresh_from_db()
    assert agent.email is None


def test_every_attempt_counts_towards_the_limit(client, agent, settings):
    """Even refused or invalid submissions are counted: the form cannot be used to probe."""
    from lms.accounts import throttling

    limit = throttling.FORM_LIMITS["email_change"].limit
    for _ in range(limit):
        client.post("/compte/email/", {"email": "pas-une-adresse"})
    response = client.post("/compte/email/", {"email": "libre@exemple.fr"})
    assert "Trop de demandes depuis cette connexion" in page_text(response)


def test_links_sent_to_the_previous_address_stop_working(client):
    """After the change, a sign-in link mailed to the old address no longer signs in."""
    user = UserFactory(email="ancienne@exemple.fr")
    client.post("/compte/lien/", {"email": "ancienne@exemple.fr"})
    deliver()
    old_link = path_of(link_in(last_email_to("ancienne@exemple.fr"), "/compte/lien/"))
    client.force_login(user)
    client.post("/compte/email/", {"email": "nouvelle@exemple.fr"})
    client.post(confirmation_path("nouvelle@exemple.fr"))
    client.logout()
    assert client.post(old_link).status_code == 410


def test_an_address_taken_before_confirmation_is_not_applied(client, agent):
    """If another account takes the address meanwhile, the link explains and changes nothing."""
    client.post("/compte/email/", {"email": "course@exemple.fr"})
    path = confirmation_path("course@exemple.fr")
    UserFactory(email="course@exemple.fr")
    response = client.post(path)
    assert response.status_code == 409
    assert "Adresse déjà utilisée" in page_text(response)
    agent.refresh_from_db()
    assert agent.email is None
    assert MagicLink.objects.get(purpose=MagicLinkPurpose.EMAIL_CHANGE).used_at is None


def test_bad_input_gets_a_french_error(client, agent):
    response = client.post("/compte/email/", {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in page_text(response)


def test_changing_an_address_tells_the_previous_one(client):
    """A person with an address can change it; the old address hears of it."""
    user = UserFactory(email="ancienne@exemple.fr")
    client.force_login(user)
    assert "C'est déjà l'adresse de votre compte" in page_text(
        client.post("/compte/email/", {"email": "ancienne@exemple.fr"})
    )
    client.post("/compte/email/", {"email": "nouvelle@exemple.fr"})
    client.post(confirmation_path("nouvelle@exemple.fr"))
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.fr"
    deliver()
    notice = last_email_to("ancienne@exemple.fr")
    assert "désormais nouvelle@exemple.fr" in notice.body
    assert [m.to for m in mail.outbox].count(["ancienne@exemple.fr"]) == 1


def test_the_page_needs_a_sign_in(client):
    assert client.get("/compte/email/")["Location"].startswith("/compte/connexion/")


def test_after_a_code_the_password_page_offers_an_address(client, agent):
    """The agent may skip the password and add an address instead."""
    html = page_text(client.get("/compte/mot-de-passe/changer/"))
    assert "/compte/email/" in html
