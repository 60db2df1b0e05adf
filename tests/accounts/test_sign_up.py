from django.contrib.auth import SESSION_KEY
from django.core import mail

import pytest

from lms.accounts.models import User
from lms.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Camille",
    "last_name": "Rousseau",
    "email": "camille.rousseau@exemple.fr",
    "audiences": ["parent"],
    "password": "",
}


def test_sign_up_without_password_then_confirm_by_link(client):
    """A parent signs up with no password, opens the e-mailed link, confirms and is signed in."""
    response = client.post("/compte/inscription/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/envoye/"
    assert "camille.rousseau@exemple.fr" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="camille.rousseau@exemple.fr")
    assert not user.has_usable_password()
    assert user.email_confirmed_at is None
    assert list(user.audiences.values_list("code", flat=True)) == ["parent"]

    deliver()
    email = last_email_to("camille.rousseau@exemple.fr")
    assert email.subject == "Confirmez votre inscription à Passerelle"
    path = path_of(link_in(email, "/compte/lien/"))
    assert "Me connecter" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    user.refresh_from_db()
    assert user.email_confirmed_at is not None


def test_confirmation_sends_the_welcome_email_once(client):
    """Confirming sends one welcome e-mail (non-transactional, with its unsubscribe link)."""
    client.post("/compte/inscription/", {**FORM, "audiences": ["teacher"]})
    deliver()
    path = path_of(link_in(last_email_to(FORM["email"]), "/compte/lien/"))
    client.post(path)
    deliver()
    welcome = last_email_to(FORM["email"])
    assert welcome.subject == "Bienvenue sur Passerelle : par où commencer"
    assert "List-Unsubscribe" in welcome.extra_headers
    assert OutboxMessage.objects.filter(kind="accounts.welcome").count() == 1


def test_a_parent_gets_no_welcome_email_they_did_not_ask_for(client):
    """Parents start opted out of every non-transactional group (DESIGN: nothing they did not ask for)."""
    client.post("/compte/inscription/", FORM)
    deliver()
    client.post(path_of(link_in(last_email_to(FORM["email"]), "/compte/lien/")))
    deliver()
    assert not OutboxMessage.objects.filter(kind="accounts.welcome").exists()
    assert last_email_to(FORM["email"]).subject == "Confirmez votre inscription à Passerelle"


def test_sign_up_with_a_password_needs_confirmation_before_password_sign_in(client):
    """With a password, sign-in is refused until the address is confirmed, with a clear message."""
    client.post("/compte/inscription/", {**FORM, "password": "une-phrase-solide-2026"})
    response = client.post("/compte/connexion/", {"username": FORM["email"], "password": "une-phrase-solide-2026"})
    assert response.status_code == 200
    assert "Confirmez d'abord votre adresse e-mail" in page_text(response)
    deliver()
    client.post(path_of(link_in(last_email_to(FORM["email"]), "/compte/lien/")))
    client.logout()
    response = client.post("/compte/connexion/", {"username": FORM["email"], "password": "une-phrase-solide-2026"})
    assert response.status_code == 302


def test_sign_up_with_an_existing_email_reveals_nothing(client):
    """Signing up with a taken address shows the same page; the owner gets a sign-in link instead."""
    owner = UserFactory(email="deja@exemple.fr", first_name="Inès")
    response = client.post("/compte/inscription/", {**FORM, "email": "Deja@Exemple.fr"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/envoye/"
    assert User.objects.filter(email__iexact="deja@exemple.fr").count() == 1
    deliver()
    email = last_email_to("deja@exemple.fr")
    assert email.subject == "Vous avez déjà un compte Passerelle"
    client.post(path_of(link_in(email, "/compte/lien/")))
    assert client.session[SESSION_KEY] == str(owner.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"email": "pas-une-adresse"},
            "email",
            "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.",
        ),
        ({"audiences": []}, "audiences", "Cochez au moins une case."),
        ({"first_name": ""}, "first_name", "Champ requis."),
        ({"password": "court"}, "password", "Ce mot de passe est trop court."),
        ({"password": "12345678"}, "password", "Ce mot de passe est entièrement numérique."),
        ({"audiences": ["maire"]}, "audiences", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_flagged_next_to_the_field_and_keeps_the_rest(client, changes, field, message):
    """Each mistake gets a French message by its field; what was typed elsewhere stays."""
    response = client.post("/compte/inscription/", {**FORM, **changes})
    html = page_text(response)
    assert response.status_code == 200
    assert f'id="id_{field}_erreurs"' in html
    assert message in html
    assert 'value="Rousseau"' in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_plain_text_names_are_stored_as_typed_and_escaped():
    """Names are plain text: kept as typed, escaped when shown."""
    from django.test import Client

    client = Client()
    client.post("/compte/inscription/", {**FORM, "first_name": "<b>Zoé</b> & Cie"})
    user = User.objects.get()
    assert user.first_name == "<b>Zoé</b> & Cie"
    client.force_login(user)
    assert "&lt;b&gt;Zoé&lt;/b&gt; &amp; Cie" in client.get("/compte/").content.decode()


def test_a_password_chosen_by_someone_else_dies_when_the_owner_proves_the_address(client):
    """Pre-hijacking: X signs up with Y's address and a password; Y later signs in by e-mailed
    link; X's password must no longer open the account."""
    client.post("/compte/inscription/", {**FORM, "password": "mot-de-passe-du-pirate-26"})
    client.post("/compte/lien/", {"email": FORM["email"]})
    deliver()
    owner = client.__class__()
    owner.post(path_of(link_in(last_email_to(FORM["email"]), "/compte/lien/")))
    assert SESSION_KEY in owner.session
    attacker = client.__class__()
    attacker.post("/compte/connexion/", {"username": FORM["email"], "password": "mot-de-passe-du-pirate-26"})
    assert SESSION_KEY not in attacker.session


def test_two_simultaneous_sign_ups_with_one_address_make_one_account(transactional_site):
    """Two requests racing on the same address: no crash, one account."""
    from lms.accounts.services.signup import user_signup
    from tests.helpers.concurrency import assert_no_crash, run_concurrently

    def sign_up(index):
        return user_signup(
            email="course@exemple.fr", first_name="A", last_name="B", audiences=["parent"], password=None
        )

    outcomes = run_concurrently(sign_up, workers=4)
    assert_no_crash(outcomes)
    assert User.objects.filter(email__iexact="course@exemple.fr").count() == 1


def test_sign_up_stores_names_without_bidi_characters(client):
    """A right-to-left override (U+202E) typed in the name is not stored (it reverses the name on
    the verification page and in the Open Badge credential)."""
    client.post("/compte/inscription/", {**FORM, "first_name": "Camille\u202e", "last_name": "\u202eUaessuor"})
    user = User.objects.get(email=FORM["email"])
    assert (user.first_name, user.last_name) == ("Camille", "Uaessuor")


def test_a_name_made_only_of_invisible_characters_is_missing(client):
    """A name of bidi characters alone is an empty name, flagged on the field."""
    response = client.post("/compte/inscription/", {**FORM, "last_name": "\u202e\u2066"})
    assert response.status_code == 200
    assert not User.objects.exists()
    html = page_text(response)
    assert 'id="id_last_name_erreurs"' in html and "Champ requis." in html
