"""Issue 21: every way into an account meets the same rules. The login and password pages are
listed from the URL resolver, so that one added later (by us, Django or Wagtail) is tested too."""

from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from lms.accounts import throttling
from lms.organisations.models import Invitation, Membership
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db
SITE_SIGN_IN = "/compte/connexion/"


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _path(route: str) -> str:
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _view_class(pattern: URLPattern):
    return getattr(pattern.callback, "view_class", None)


def _is_login(route: str, pattern: URLPattern) -> bool:
    view_class = _view_class(pattern)
    name = pattern.name or ""
    return (view_class is not None and issubclass(view_class, LoginView)) or "login" in name or route.endswith("login/")


def _is_password_reset(route: str, pattern: URLPattern) -> bool:
    view_class = _view_class(pattern)
    return (view_class is not None and issubclass(view_class, PasswordResetView)) or route.endswith("password_reset/")


def doors(kind) -> list[str]:
    """The paths of every pattern of that kind, without parameters (the forms people post to)."""
    found = {_path(route) for route, pattern in _walk(get_resolver().url_patterns) if kind(route, pattern)}
    return sorted(path for path in found if "<" not in path and "(" not in path)


LOGIN_DOORS = doors(_is_login)
RESET_DOORS = doors(_is_password_reset)


def test_the_resolver_lists_the_known_doors():
    """The enumeration finds the site's, Django's and Wagtail's login pages (else it tests nothing)."""
    assert {SITE_SIGN_IN, "/django-admin/login/", "/admin/login/", "/_util/login/"} <= set(LOGIN_DOORS)
    assert {"/compte/mot-de-passe/", "/admin/password_reset/"} <= set(RESET_DOORS)


def post_credentials(client, door, identifier, password):
    return client.post(door, {"username": identifier, "password": password, "next": "/mon-espace/"})


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_each_login_page_signs_in_only_through_the_site_rules(door):
    """A login page either is the site's form, under its rules, or sends people to it: an
    unconfirmed account never gets a session, and the sixth wrong password is refused."""
    confirmed = UserFactory(email="confirme@exemple.fr")
    unconfirmed = UserFactory(email="pas-confirme@exemple.fr", email_confirmed_at=None)
    client = Client(REMOTE_ADDR="203.0.113.50")

    response = post_credentials(client, door, unconfirmed.email, TEST_PASSWORD)
    assert SESSION_KEY not in client.session

    for _attempt in range(throttling.PAIR.limit):
        post_credentials(client, door, confirmed.email, "mauvais")
    response = post_credentials(client, door, confirmed.email, TEST_PASSWORD)
    assert SESSION_KEY not in client.session

    if door != SITE_SIGN_IN:
        # Not a form of its own: it sends people to the site's, with where they were going.
        response = Client().get(door, {"next": "/admin/pages/"})
        assert response.status_code == 302
        assert response["Location"] == f"{SITE_SIGN_IN}?next=%2Fadmin%2Fpages%2F"
        fresh = Client(REMOTE_ADDR="198.51.100.3")
        post_credentials(fresh, door, "autre@exemple.fr", TEST_PASSWORD)
        assert SESSION_KEY not in fresh.session


def test_the_site_form_explains_each_refusal():
    """Unconfirmed and throttled attempts are told apart, in French, on the site's form."""
    UserFactory(email="pas-confirme@exemple.fr", email_confirmed_at=None)
    client = Client(REMOTE_ADDR="203.0.113.51")
    response = post_credentials(client, SITE_SIGN_IN, "pas-confirme@exemple.fr", TEST_PASSWORD)
    assert "Confirmez d'abord votre adresse e-mail" in page_text(response)


def test_the_backend_applies_the_rules_whatever_the_view():
    """authenticate() itself refuses an unconfirmed address and a throttled pair, so a login view
    added later cannot skip them."""
    UserFactory(email="pas-confirme@exemple.fr", email_confirmed_at=None)
    confirmed = UserFactory(email="confirme@exemple.fr")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.52")
    assert authenticate(request, username="pas-confirme@exemple.fr", password=TEST_PASSWORD) is None
    assert authenticate(request, username="confirme@exemple.fr", password=TEST_PASSWORD) == confirmed
    for _attempt in range(throttling.PAIR.limit):
        assert authenticate(request, username="confirme@exemple.fr", password="mauvais") is None
    assert authenticate(request, username="confirme@exemple.fr", password=TEST_PASSWORD) is None


def test_an_admin_signs_in_on_the_site_and_reaches_the_admin():
    """The trainers' way into Wagtail still works: /admin/ → site form → back to /admin/."""
    UserFactory(email="staff@exemple.fr", is_superuser=True, is_staff=True)
    client = Client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{SITE_SIGN_IN}?next=%2Fadmin%2F"
    response = client.post(
        f"{SITE_SIGN_IN}?next=/admin/", {"username": "staff@exemple.fr", "password": TEST_PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_a_learner_sent_to_the_admin_is_told_and_does_not_loop(client):
    """Someone signed in without admin rights lands on their dashboard with a message."""
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("courses:dashboard")
    assert "Votre compte n'a pas accès à cette page." in page_text(response)
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:dashboard")


@pytest.mark.parametrize("door", RESET_DOORS)
def test_each_password_reset_page_sends_through_the_outbox_and_is_throttled(door):
    """No reset page sends mail inside the request; the one that sends goes through the outbox,
    and stops after its limit per address."""
    user = UserFactory(email="oublieux@exemple.fr")
    client = Client(REMOTE_ADDR="203.0.113.53")
    response = client.post(door, {"email": user.email})
    assert mail.outbox == []
    if door != "/compte/mot-de-passe/":
        assert response.status_code == 302 and response["Location"] == "/compte/mot-de-passe/"
        return
    deliver()
    assert last_email_to(user.email)
    mail.outbox.clear()
    limit = throttling.FORM_LIMITS["password_reset"].limit
    for _attempt in range(limit):
        response = client.post(door, {"email": user.email})
    assert "Trop de demandes depuis cette connexion" in page_text(response)


def test_wagtail_account_page_no_longer_changes_the_e_mail(client):
    """The admin's account page offers no e-mail field; it points to the site's confirmed change."""
    trainer = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(trainer)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert 'name="email-email"' not in response.content.decode()
    assert reverse("accounts:email_change") in response.content.decode()
    client.post("/admin/account/", {"email-email": "autre@exemple.fr", "name-first_name": "A", "name-last_name": "B"})
    trainer.refresh_from_db()
    assert trainer.email != "autre@exemple.fr"


def test_an_unconfirmed_account_cannot_take_an_invitation_to_its_address(client):
    """Signed up with someone else's address and never confirmed: the invitation stays out of
    reach, even with a session obtained some other way."""
    from lms.organisations.services.invitations import invitation_create

    squatter = UserFactory(email="maire@commune.fr", email_confirmed_at=None)
    commune = OrganisationFactory(kind="commune")
    manager = UserFactory()
    invitation = invitation_create(organisation=commune, email="maire@commune.fr", invited_by=manager)
    client.force_login(squatter)
    assert commune.name not in page_text(client.get("/organisations/"))
    response = client.post(f"/organisations/invitations/{invitation.pk}/reponse/", {"answer": "accept"})
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Membership.objects.filter(user=squatter).exists()
    assert Invitation.objects.filter(user=squatter).count() == 0
