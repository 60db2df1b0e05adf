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


def test_magic_links_are_capped_per_person_and_the_page_says_so():
    """However often someone asks, one address gets at most 5 links an hour; past that the page
    says a link was sent recently (issue 21: never silently dropped), in the same words whether
    or not an account has the address."""
    from django.core import mail

    from tests.helpers.outbox import deliver

    UserFactory(email="inondee@exemple.fr")
    for index in range(8):
        response = Client(REMOTE_ADDR=f"203.0.113.{index}").post("/compte/lien/", {"email": "inondee@exemple.fr"})
        if index < throttling.LINKS_PER_ADDRESS.limit:
            assert response["Location"] == "/compte/lien/envoye/"
        else:
            assert "ont déjà été demandés pour cette adresse" in page_text(response)
    deliver()
    assert len(mail.outbox) == 5
    for index in range(8):
        response = Client(REMOTE_ADDR=f"203.0.113.{index}").post("/compte/lien/", {"email": "personne@exemple.fr"})
    assert "ont déjà été demandés pour cette adresse" in page_text(response)


@pytest.mark.parametrize(
    ("path", "data", "limit"),
    [
        ("/compte/lien/", {}, throttling.FORM_LIMITS["magic_link"].limit),
        ("/compte/mot-de-passe/", {}, throttling.FORM_LIMITS["password_reset"].limit),
        (
            "/compte/inscription/",
            {"first_name": "A", "last_name": "B", "audiences": ["parent"]},
            throttling.FORM_LIMITS["sign_up"].limit,
        ),
    ],
    ids=["magic_link", "password_reset", "sign_up"],
)
def test_forms_that_send_mail_are_limited_per_address(path, data, limit):
    """One address cannot use a form to flood inboxes: past the hourly limit the form says so."""
    client = Client(REMOTE_ADDR="198.51.100.50")
    for index in range(limit):
        assert client.post(path, {**data, "email": f"x{index}@exemple.fr"}).status_code == 302
    response = client.post(path, {**data, "email": "encore@exemple.fr"})
    assert response.status_code == 200
    assert "Trop de demandes depuis cette connexion" in page_text(response)


def test_the_owner_s_own_browser_still_signs_in_while_strangers_guess():
    """Issue 21: failures from many addresses block password sign-in for the account, except on
    a browser the owner signed in from before, which keeps its own, separate limit."""
    user = UserFactory(email="cible@exemple.fr")
    own_browser = Client(REMOTE_ADDR="198.51.100.7")
    own_browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    assert own_browser.cookies[throttling.DEVICE_COOKIE].value
    own_browser.post("/compte/deconnexion/")

    for index in range(throttling.ACCOUNT.limit):
        attempt("cible@exemple.fr", "mauvais", f"203.0.113.{index}")
    _client, response = attempt("cible@exemple.fr", TEST_PASSWORD, "198.51.100.99")
    assert BLOCKED in page_text(response)  # a new browser is still refused

    own_browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    assert own_browser.session[SESSION_KEY] == str(user.pk)


def test_a_known_browser_is_still_limited_on_its_own():
    """The device cookie is no free pass: five wrong passwords on it block it too."""
    UserFactory(email="cible@exemple.fr")
    browser = Client(REMOTE_ADDR="198.51.100.7")
    browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    browser.post("/compte/deconnexion/")
    for index in range(throttling.DEVICE.limit):
        browser.defaults["REMOTE_ADDR"] = f"192.0.2.{index}"  # even from changing addresses
        browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": "mauvais"})
    response = browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    assert BLOCKED in page_text(response)
    assert SESSION_KEY not in browser.session


def test_a_device_cookie_for_another_account_or_forged_counts_for_nothing():
    """The cookie names the account it was given to, and is signed."""
    UserFactory(email="cible@exemple.fr")
    UserFactory(email="autre@exemple.fr")
    browser = Client(REMOTE_ADDR="198.51.100.8")
    browser.post("/compte/connexion/", {"username": "autre@exemple.fr", "password": TEST_PASSWORD})
    browser.post("/compte/deconnexion/")
    for index in range(throttling.ACCOUNT.limit):
        attempt("cible@exemple.fr", "mauvais", f"203.0.113.{index}")
    response = browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    assert BLOCKED in page_text(response)
    browser.cookies[throttling.DEVICE_COOKIE] = "forged"
    response = browser.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": TEST_PASSWORD})
    assert BLOCKED in page_text(response)


def test_sign_up_does_the_same_costly_work_for_known_and_new_addresses(monkeypatch):
    """Issue 21: answering faster for an address that has an account would reveal it; both paths
    hash the password once."""
    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher())
    hashed = []
    original = hasher_class.encode
    monkeypatch.setattr(hasher_class, "encode", lambda self, *args: hashed.append(1) or original(self, *args))
    UserFactory(email="connue@exemple.fr")
    data = {"first_name": "A", "last_name": "B", "audiences": ["parent"], "password": "un mot de passe solide"}
    hashed.clear()
    Client().post("/compte/inscription/", {**data, "email": "connue@exemple.fr"})
    known = len(hashed)
    hashed.clear()
    Client().post("/compte/inscription/", {**data, "email": "nouvelle@exemple.fr"})
    assert known == len(hashed) == 1
