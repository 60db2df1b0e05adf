from django.contrib.auth import SESSION_KEY

import pytest

from lms.accounts.models import AccountDeletionRequest, DeletionRequestStatus
from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(first_name="Hugo", last_name="Petit", audiences=["teacher"])
    client.force_login(user)
    return user


def test_profile_shows_identity_and_login_id(client, member):
    """The account page shows the e-mail and the login id, read-only."""
    html = page_text(client.get("/compte/"))
    assert member.email in html
    assert member.login_id in html


def test_profile_saves_name_audiences_and_language(client, member):
    """Changing name, audiences and language saves them and applies the language at once."""
    response = client.post(
        "/compte/",
        {
            "first_name": "Hugo",
            "last_name": "Petit-Martin",
            "audiences": ["teacher", "parent"],
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_name == "Petit-Martin"
    assert sorted(member.audiences.values_list("code", flat=True)) == ["parent", "teacher"]
    assert member.preferred_language == "en"
    assert '<html lang="en">' in client.get("/compte/").content.decode()


def test_profile_errors_keep_the_typed_values(client, member):
    """An empty required field is flagged and nothing is saved."""
    response = client.post("/compte/", {"first_name": "", "last_name": "Nouveau", "preferred_language": "fr"})
    assert response.status_code == 200
    assert 'value="Nouveau"' in page_text(response)
    member.refresh_from_db()
    assert member.last_name == "Petit"


def test_profile_needs_a_sign_in(client):
    """Visitors are sent to sign in."""
    assert client.get("/compte/")["Location"].startswith("/compte/connexion/")


def test_deletion_needs_a_confirmation_then_is_recorded_once(client, member):
    """GET shows what will happen; POST records one request; asking again changes nothing."""
    assert "Confirmer la demande de suppression" in page_text(client.get("/compte/suppression/"))
    assert not AccountDeletionRequest.objects.exists()
    client.post("/compte/suppression/")
    client.post("/compte/suppression/")
    assert AccountDeletionRequest.objects.filter(user=member, status=DeletionRequestStatus.PENDING).count() == 1
    assert "Vous avez demandé la suppression de votre compte" in page_text(client.get("/compte/"))


def test_deletion_request_can_be_cancelled(client, member):
    """The person can change their mind."""
    client.post("/compte/suppression/")
    client.post("/compte/suppression/", {"action": "cancel"})
    assert AccountDeletionRequest.objects.get().status == DeletionRequestStatus.CANCELLED


def test_choosing_a_first_password_without_the_old_one(client):
    """Someone who signed up by link sets a password without being asked for an old one."""
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post(
        "/compte/mot-de-passe/changer/",
        {"new_password1": "premiere-phrase-2026", "new_password2": "premiere-phrase-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("premiere-phrase-2026")
    assert client.session[SESSION_KEY] == str(user.pk)  # still signed in


def test_changing_a_password_asks_for_the_old_one(client, member):
    """With a password already, the old one is required."""
    response = client.post(
        "/compte/mot-de-passe/changer/",
        {"old_password": "faux", "new_password1": "autre-phrase-2026", "new_password2": "autre-phrase-2026"},
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)


def test_profile_stores_names_without_bidi_characters(client, member):
    """A right-to-left override (U+202E) typed in the profile is not stored."""
    response = client.post(
        "/compte/",
        {
            "first_name": "\u202eoguH",
            "last_name": "Petit\u2067",
            "audiences": ["teacher"],
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("oguH", "Petit")
