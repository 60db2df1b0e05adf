from django.contrib.auth import SESSION_KEY

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, identifier, password=TEST_PASSWORD):
    return client.post("/compte/connexion/", {"username": identifier, "password": password})


def test_sign_in_by_email(client):
    """A person signs in with their e-mail address and password."""
    user = UserFactory(email="marie.dupont@exemple.fr")
    response = sign_in(client, "marie.dupont@exemple.fr")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_long_email_addresses_sign_in(client):
    """Addresses longer than a login id (40 characters) are accepted by the form and the browser."""
    address = "dominique.martin-de-la-fontaine@mairie-exemple-sur-loire.fr"
    user = UserFactory(email=address)
    assert 'maxlength="254"' in client.get("/compte/connexion/").content.decode()
    sign_in(client, address)
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_in_applies_the_accounts_language(client):
    """Signing in on a new device brings the person's chosen language with them."""
    UserFactory(email="english@exemple.fr", preferred_language="en")
    response = sign_in(client, "english@exemple.fr")
    assert response.cookies["passerelle_langue"].value == "en"


def test_sign_in_by_email_ignores_case_and_spaces(client):
    """Phones capitalise the first letter; a stray space is common. Both still sign in."""
    user = UserFactory(email="marie.dupont@exemple.fr")
    response = sign_in(client, "  Marie.Dupont@EXEMPLE.fr ")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_in_by_login_id(client):
    """An agent without e-mail signs in with the login id printed for them."""
    user = UserFactory(email=None, first_name="Jean", last_name="Martin")
    assert user.login_id.startswith("jean.martin-")
    response = sign_in(client, user.login_id)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_wrong_password_shows_a_french_error_and_keeps_the_identifier(client):
    """A wrong password re-displays the form with a French message and the typed identifier."""
    UserFactory(email="marie.dupont@exemple.fr")
    response = sign_in(client, "marie.dupont@exemple.fr", "mauvais")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adresse e-mail, identifiant ou mot de passe incorrect" in html
    assert 'value="marie.dupont@exemple.fr"' in html
    assert SESSION_KEY not in client.session


def test_unknown_account_gets_the_same_message(client):
    """The form never tells whether an account exists."""
    response = sign_in(client, "personne@exemple.fr")
    assert "Adresse e-mail, identifiant ou mot de passe incorrect" in response.content.decode()


def test_inactive_account_cannot_sign_in(client):
    """A deactivated account is refused."""
    UserFactory(email="ancien@exemple.fr", is_active=False)
    response = sign_in(client, "ancien@exemple.fr")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_empty_fields_are_flagged_next_to_each_field(client):
    """Empty fields get an error linked to the field (aria-describedby), not only at the top."""
    response = client.post("/compte/connexion/", {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_username_erreurs"' in html
    assert 'aria-describedby="id_username_erreurs"' in html
    assert 'aria-invalid="true"' in html


def test_sign_out_is_a_post(client):
    """Signing out needs a POST (with its CSRF token) and ends the session."""
    user = UserFactory()
    client.force_login(user)
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/deconnexion/terminee/"
    assert SESSION_KEY not in client.session
    assert "Déconnexion réussie" in client.get(response["Location"]).content.decode()
