from django.contrib.auth import SESSION_KEY
from django.test import Client

import pytest

from lms.accounts import throttling
from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db
BLOCKED = "Trop de tentatives de connexion"


def attempt(identifier, password, ip):
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/compte/connexion/", {"username": identifier, "password": password})
    return client, response


def test_five_failures_block_that_account_from_that_address():
    """After 5 wrong passwords from one address, even the right one is refused there."""
    UserFactory(email="cible@exemple.fr")
    for _ in range(throttling.PAIR.limit):
        attempt("cible@exemple.fr", "mauvais", "203.0.113.7")
    client, response = attempt("cible@exemple.fr", TEST_PASSWORD, "203.0.113.7")
    assert BLOCKED in page_text(response)
    assert SESSION_KEY not in client.session


def test_the_owner_still_signs_in_from_another_address():
    """The block concerns that address: the owner, elsewhere, is not locked out."""
    user = UserFactory(email="cible@exemple.fr")
    for _ in range(throttling.PAIR.limit):
        attempt("cible@exemple.fr", "mauvais", "203.0.113.7")
    client, _response = attempt("cible@exemple.fr", TEST_PASSWORD, "198.51.100.20")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_shared_town_hall_address_does_not_lock_out_other_agents():
    """Thirty agents behind one address each mistype twice: every one still signs in."""
    agents = UserFactory.create_batch(30)
    for agent in agents:
        attempt(agent.email, "mauvais", "192.0.2.1")
        attempt(agent.email, "mauvais", "192.0.2.1")
    for agent in agents:
        client, response = attempt(agent.email, TEST_PASSWORD, "192.0.2.1")
        assert client.session.get(SESSION_KEY) == str(agent.pk), page_text(response)[:300]


def test_many_addresses_guessing_one_account_are_stopped():
    """Twenty failures from anywhere block password sign-in for that account for the hour."""
    UserFactory(email="cible@exemple.fr")
    for index in range(throttling.ACCOUNT.limit):
        attempt("cible@exemple.fr", "mauvais", f"203.0.113.{index}")
    client, response = attempt("cible@exemple.fr", TEST_PASSWORD, "198.51.100.99")
    assert BLOCKED in page_text(response)


def test_a_magic_link_still_works_when_passwords_are_blocked():
    """Blocking password sign-in never locks the owner out: the e-mailed link works."""
    from tests.helpers.outbox import deliver, last_email_to, link_in, path_of

    user = UserFactory(email="cible@exemple.fr")
    for index in range(throttling.ACCOUNT.limit):
        attempt("cible@exemple.fr", "mauvais", f"203.0.113.{index}")
    client = Client()
    client.post("/compte/lien/", {"email": "cible@exemple.fr"})
    deliver()
    client.post(path_of(link_in(last_email_to("cible@exemple.fr"), "/compte/lien/")))
    assert client.session[SESSION_KEY] == str(user.pk)


def test_success_clears_the_pair_counter():
    """Four typos then a success: the slate is clean, typos later do not block at once."""
    UserFactory(email="distrait@exemple.fr")
    for _ in range(throttling.PAIR.limit - 1):
        attempt("distrait@exemple.fr", "mauvais", "203.0.113.8")
    attempt("distrait@exemple.fr", TEST_PASSWORD, "203.0.113.8")
    for _ in range(throttling.PAIR.limit - 1):
        attempt("distrait@exemple.fr", "mauvais", "203.0.113.8")
    client, _response = attempt("distrait@exemple.fr", TEST_PASSWORD, "203.0.113.8")
    assert SESSION_KEY in client.session


def test_proxy_header_gives_the_client_address(settings, rf):
    """Behind a proxy, CLIENT_IP_HEADER names where the real address is."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert throttling.client_ip(request) == "203.0.113.5"
    settings.CLIENT_IP_HEADER = ""
    assert throttling.client_ip(request) == "127.0.0.1"


def test_magic_links_are_capped_per_person():
    """However often someone asks, one person gets at most 5 links an hour, and the page is unchanged."""
    from django.core import mail

    from tests.helpers.outbox import deliver

    UserFactory(email="inondee@exemple.fr")
    for index in range(8):
        response = Client(REMOTE_ADDR=f"203.0.113.{index}").post("/compte/lien/", {"email": "inondee@exemple.fr"})
        assert response["Location"] == "/compte/lien/envoye/"
    deliver()
    assert len(mail.outbox) == 5


@pytest.mark.parametrize(
    ("path", "data", "limit"),
    [
        ("/compte/lien/", {"email": "x@exemple.fr"}, throttling.FORM_LIMITS["magic_link"].limit),
        ("/compte/mot-de-passe/", {"email": "x@exemple.fr"}, throttling.FORM_LIMITS["password_reset"].limit),
        (
            "/compte/inscription/",
            {"first_name": "A", "last_name": "B", "email": "x@exemple.fr", "audiences": ["parent"]},
            throttling.FORM_LIMITS["sign_up"].limit,
        ),
    ],
    ids=["magic_link", "password_reset", "sign_up"],
)
def test_forms_that_send_mail_are_limited_per_address(path, data, limit):
    """One address cannot use a form to flood inboxes: past the hourly limit the form says so."""
    client = Client(REMOTE_ADDR="198.51.100.50")
    for _ in range(limit):
        assert client.post(path, data).status_code == 302
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Trop de demandes depuis cette connexion" in page_text(response)
