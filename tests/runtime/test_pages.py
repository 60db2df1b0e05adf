import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_french_by_default(client):
    """The home page is served by Wagtail at "/", in French, with one h1 and a skip link."""
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert html.count("<h1") == 1
    assert 'href="#contenu"' in html and 'id="contenu"' in html


def test_switching_to_english_through_a_get_link(client):
    """The language link sets the cookie and returns to the page, now in English."""
    response = client.get("/langue/en/", {"suivant": "/compte/connexion/"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/"
    html = client.get("/compte/connexion/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Français" in html  # the link back


def test_language_switch_refuses_foreign_redirects(client):
    """The return address must stay on this site."""
    response = client.get("/langue/en/", {"suivant": "https://exemple.invalid/"})
    assert response["Location"] == "/"


def test_unknown_language_changes_nothing(client):
    """An unsupported language code is ignored."""
    response = client.get("/langue/xx/")
    assert response.status_code == 302
    assert "passerelle_langue" not in response.cookies


def test_language_link_changes_no_stored_data(client, user):
    """The GET link only sets the cookie: another site linking to it cannot change the account."""
    client.force_login(user)
    client.get("/langue/en/")
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_404_page_is_french(client):
    """An unknown address gets a French 404 page in the site layout."""
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_500_page_is_french(client):
    """The 500 handler renders a French page (rendered without the database)."""
    from django.test import RequestFactory

    from lms.runtime.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_browser_language_does_not_switch_to_english(client):
    """French first: an English browser still gets French until the visitor chooses English."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr">' in html


def test_a_signed_in_persons_preferred_language_applies(client, user):
    """Someone who chose English on their account reads in English on any device."""
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    assert '<html lang="en">' in client.get("/").content.decode()
