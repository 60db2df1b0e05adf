from datetime import timedelta

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

import pytest

from lms.accounts import throttling
from lms.accounts.models import AccessCode
from lms.accounts.services.access_codes import access_code_issue
from tests.factories import UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    user = UserFactory(email=None, first_name="Bernard", last_name="Coste")
    user.set_unusable_password()
    user.save()
    return user


def use_code(client, login_id, code):
    return client.post("/compte/code/", {"login_id": login_id, "code": code})


def test_code_signs_in_once_then_asks_for_a_password(client, agent):
    """The printed code signs the agent in and leads to choosing a password; it works once."""
    code = access_code_issue(user=agent)
    response = use_code(client, agent.login_id, code)
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/changer/"
    assert client.session[SESSION_KEY] == str(agent.pk)
    page = page_text(client.get(response["Location"]))
    assert "Choisir un mot de passe" in page and "le code ne servira plus" in page
    client.post(
        response["Location"], {"new_password1": "ma-phrase-de-passe-26", "new_password2": "ma-phrase-de-passe-26"}
    )
    client.logout()
    assert use_code(client, agent.login_id, code).status_code == 200  # spent
    assert SESSION_KEY not in client.session
    response = client.post("/compte/connexion/", {"username": agent.login_id, "password": "ma-phrase-de-passe-26"})
    assert client.session[SESSION_KEY] == str(agent.pk)


def test_code_is_typed_loosely(client, agent):
    """Capitals, spaces, with or without the dash: the code still works."""
    code = access_code_issue(user=agent)
    assert use_code(client, f"  {agent.login_id.upper()} ", code.upper().replace("-", " ")).status_code == 302


def test_wrong_or_expired_codes_get_one_clear_message(client, agent):
    """A wrong code, another person's code, or an expired one: the same French message."""
    code = access_code_issue(user=agent)
    other = UserFactory(email=None)
    other_code = access_code_issue(user=other)
    for login_id, attempt in [(agent.login_id, "aaaa-bbbb"), (agent.login_id, other_code)]:
        assert "Identifiant ou code incorrect" in page_text(use_code(client, login_id, attempt))
    AccessCode.objects.filter(user=agent).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Identifiant ou code incorrect" in page_text(use_code(client, agent.login_id, code))
    assert SESSION_KEY not in client.session


def test_a_new_code_replaces_the_old_one(client, agent):
    """Issuing a new code (the sheet was lost) makes the old one useless."""
    old = access_code_issue(user=agent)
    new = access_code_issue(user=agent)
    assert use_code(client, agent.login_id, old).status_code == 200
    assert use_code(client, agent.login_id, new).status_code == 302


def test_codes_are_stored_as_hashes(agent):
    code = access_code_issue(user=agent)
    stored = AccessCode.objects.get()
    assert code.replace("-", "") not in stored.code_hash
    assert len(code) == 9 and code[4] == "-"


def test_code_sign_in_is_throttled():
    """Guessing codes for one login id from one address stops after 5 failures, even with the right code."""
    agent = UserFactory(email=None)
    code = access_code_issue(user=agent)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(throttling.PAIR.limit):
        use_code(client, agent.login_id, "zzzz-zzzz")
    response = use_code(client, agent.login_id, code)
    assert "Trop de tentatives" in page_text(response)
    assert SESSION_KEY not in client.session
    assert AccessCode.objects.get().used_at is None  # the real code is not spent by a blocked attempt


def test_someone_who_forgot_their_password_chooses_a_new_one_without_the_old(client, agent):
    """An agent with a password who lost it gets a new code; after it, no old password is asked."""
    agent.set_password("ancien-mot-de-passe-26")
    agent.save()
    response = use_code(client, agent.login_id, access_code_issue(user=agent))
    page = client.get(response["Location"])
    assert 'name="old_password"' not in page.content.decode()
    client.post(
        response["Location"], {"new_password1": "nouveau-mot-de-passe-26", "new_password2": "nouveau-mot-de-passe-26"}
    )
    agent.refresh_from_db()
    assert agent.check_password("nouveau-mot-de-passe-26")
    assert 'name="old_password"' in client.get("/compte/mot-de-passe/changer/").content.decode()


def test_a_new_code_from_the_manager_lets_a_locked_out_agent_back_in(agent):
    """Issue 21: strangers' guesses from many addresses block the agent's password sign-in; the
    recovery path for an account without e-mail is a new code from their manager, which works."""
    for index in range(throttling.ACCOUNT.limit):
        Client(REMOTE_ADDR=f"203.0.113.{index}").post(
            "/compte/connexion/", {"username": agent.login_id, "password": "mauvais"}
        )
    refused = Client(REMOTE_ADDR="198.51.100.4").post(
        "/compte/connexion/", {"username": agent.login_id, "password": "mauvais"}
    )
    assert "demandez un nouveau code d'accès à la personne qui gère votre organisation" in page_text(refused)
    code = access_code_issue(user=agent)
    client = Client(REMOTE_ADDR="198.51.100.4")
    use_code(client, agent.login_id, code)
    assert client.session[SESSION_KEY] == str(agent.pk)
