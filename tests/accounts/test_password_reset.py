from django.contrib.auth import SESSION_KEY
from django.core import mail

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "nouvelle-phrase-secrete-2026"


def reset_path(client, email):
    client.post("/compte/mot-de-passe/", {"email": email})
    deliver()
    return path_of(link_in(last_email_to(email), "/compte/mot-de-passe/"))


def test_reset_then_sign_in_with_the_new_password(client):
    """The e-mailed link lets the person choose a new password, then sign in with it."""
    user = UserFactory(email="oubli@exemple.fr")
    path = reset_path(client, "oubli@exemple.fr")
    form_page = client.get(path, follow=True)
    assert "Choisir un nouveau mot de passe" in page_text(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/termine/"
    client.post("/compte/connexion/", {"username": "oubli@exemple.fr", "password": NEW_PASSWORD})
    assert client.session[SESSION_KEY] == str(user.pk)


def test_same_answer_for_unknown_addresses(client):
    """The reset form never reveals whether an account exists."""
    UserFactory(email="connue@exemple.fr")
    known = client.post("/compte/mot-de-passe/", {"email": "connue@exemple.fr"})
    unknown = client.post("/compte/mot-de-passe/", {"email": "inconnue@exemple.fr"})
    assert known["Location"] == unknown["Location"] == "/compte/mot-de-passe/envoye/"
    deliver()
    assert [message.to for message in mail.outbox] == [["connue@exemple.fr"]]


def test_a_double_click_sends_one_email(client):
    """Two requests within ten minutes share one e-mail."""
    UserFactory(email="presse@exemple.fr")
    client.post("/compte/mot-de-passe/", {"email": "presse@exemple.fr"})
    client.post("/compte/mot-de-passe/", {"email": "presse@exemple.fr"})
    deliver()
    assert len(mail.outbox) == 1


def test_someone_without_a_password_can_choose_one(client):
    """A parent who signed up by link uses the reset to choose a first password."""
    user = UserFactory(email="sans-mdp@exemple.fr", password=None)
    user.set_unusable_password()
    user.save()
    path = reset_path(client, "sans-mdp@exemple.fr")
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_used_reset_link_is_refused(client):
    """Once the password changed, the same link shows "expired or used"."""
    UserFactory(email="deux-fois@exemple.fr")
    path = reset_path(client, "deux-fois@exemple.fr")
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "Lien expiré ou déjà utilisé" in page_text(client.get(path, follow=True))


def test_weak_new_password_gets_french_errors(client):
    """Django's validators answer in French next to the field; the old password still works."""
    user = UserFactory(email="faible@exemple.fr")
    path = reset_path(client, "faible@exemple.fr")
    form_page = client.get(path, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "azerty", "new_password2": "azerty"})
    assert "Ce mot de passe est trop court" in page_text(response)
    assert 'id="id_new_password2_erreurs"' in page_text(response)
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
