from django.urls import reverse

import pytest

from lms.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_django_admin_lists_and_edits_users(staff_client):
    """Superusers manage accounts in the Django admin, including agents without e-mail."""
    agent = UserFactory(email=None, first_name="Jean", last_name="Martin")
    assert staff_client.get("/django-admin/accounts/user/").status_code == 200
    response = staff_client.get(f"/django-admin/accounts/user/{agent.pk}/change/")
    assert response.status_code == 200
    assert agent.login_id in response.content.decode()


def test_django_admin_creates_an_account_without_email(staff_client):
    """The add form needs no e-mail; the login id is generated."""
    response = staff_client.post(
        "/django-admin/accounts/user/add/",
        {
            "email": "",
            "first_name": "Lucie",
            "last_name": "Bernard",
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(login_id__startswith="lucie.bernard-")  # the staff user may be a Bernard too
    assert created.email is None
    assert created.login_id.startswith("lucie.bernard-")


def test_wagtail_admin_opens_for_staff(staff_client):
    """The Wagtail admin dashboard and its user list work with the custom user model."""
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.get("/admin/users/").status_code == 200
    assert staff_client.get(reverse("wagtailusers_users:add")).status_code == 200


def test_wagtail_admin_sign_in_accepts_an_email(client):
    """Staff sign in to /admin/ with their e-mail, on the site's form like everyone else."""
    UserFactory(email="formatrice@exemple.fr", is_staff=True, is_superuser=True)
    from tests.factories.accounts import TEST_PASSWORD

    response = client.post(
        "/compte/connexion/", {"username": "formatrice@exemple.fr", "password": TEST_PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
