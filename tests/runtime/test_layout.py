"""The layout's fixed parts computed once (lms/runtime/templatetags/passerelle_layout.py): its
links reversed once per script prefix and language, its language switch rendered once per page,
and still the right ones for each page, language and person."""

from urllib.parse import quote

from django.template import engines
from django.urls import reverse, set_script_prefix

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _render(source: str) -> str:
    return engines["django"].from_string("{% load passerelle_layout %}" + source).render({})


def test_a_fixed_link_follows_the_script_prefix():
    """A site served below a prefix gets its links below it, the root's links stay at the root."""
    try:
        assert _render('{% fixed_url "accounts:login" %}') == "/compte/connexion/"
        set_script_prefix("/sous/")
        assert _render('{% fixed_url "accounts:login" %}') == "/sous/compte/connexion/" == reverse("accounts:login")
        assert _render('{% fixed_url "legal_page" "cookies" %}') == reverse("legal_page", args=["cookies"])
    finally:
        set_script_prefix("/")
    assert _render('{% fixed_url "accounts:login" %}') == "/compte/connexion/"


def test_the_language_switch_carries_each_pages_own_address_twice(client):
    """Header and footer show the same switch, pointing back to the page just served (with its
    query), never to the page rendered before it."""
    for path in ("/compte/connexion/", "/compte/inscription/?suivant=/x/"):
        html = client.get(path).content.decode()
        expected = f"/langue/en/?suivant={quote(path, safe='/')}"
        assert html.count(expected) == 2, (path, expected)
    client.cookies["passerelle_langue"] = "en"
    html = client.get("/compte/connexion/").content.decode()
    assert html.count("/langue/fr/?suivant=/compte/connexion/") == 2 and "/langue/en/" not in html


def test_signed_in_and_visitor_layouts_keep_their_own_links(client):
    """The same page, for a visitor then a signed-in person then a visitor again: each gets their
    own menu."""
    visitor = client.get("/").content.decode()
    assert 'href="/compte/connexion/"' in visitor and 'action="/compte/deconnexion/"' not in visitor
    client.force_login(UserFactory())
    signed_in = client.get("/").content.decode()
    assert 'action="/compte/deconnexion/"' in signed_in and 'href="/compte/connexion/"' not in signed_in
    client.logout()
    assert 'href="/compte/connexion/"' in client.get("/").content.decode()
