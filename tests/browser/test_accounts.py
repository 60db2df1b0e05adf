"""Account journeys in Chromium, each page checked with axe-core."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from tests.helpers.outbox import last_email_to, link_in, path_of

pytestmark = pytest.mark.browser


def test_sign_up_by_link_without_a_password(live_site, page, axe):
    """A parent signs up without a password, confirms from the e-mail and lands signed in."""
    page.goto(live_site.url + "/compte/inscription/")
    axe(page)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)  # the page with its errors
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_role("textbox", name=re.compile(r"^Nom")).fill("Rousseau")
    page.get_by_label("Adresse e-mail").fill("camille@exemple.fr")
    page.get_by_label("Parent").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    axe(page)

    page.goto(live_site.url + path_of(link_in(last_email_to("camille@exemple.fr"), "/compte/lien/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre inscription")
    axe(page)
    page.get_by_role("button", name="Me connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Connexion réussie. Bienvenue, Camille !")).to_be_visible()
    axe(page)


def test_parent_signs_in_with_a_magic_link(demo_data, page, axe):
    """parent@exemple.fr asks for a link and signs in with it, never typing a password."""
    page.goto(demo_data.url + "/compte/connexion/")
    page.get_by_role("link", name="Recevoir un lien de connexion par e-mail, sans mot de passe").click()
    axe(page)
    page.get_by_label("Adresse e-mail").fill("parent@exemple.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    link = link_in(last_email_to("parent@exemple.fr"), "/compte/lien/")
    page.goto(demo_data.url + path_of(link))
    axe(page)
    page.get_by_role("button", name="Me connecter").click()
    expect(page.locator(".site-nav__user")).to_have_text("Paule Parent")
    # The same link a second time is refused.
    page.goto(demo_data.url + path_of(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lien expiré ou déjà utilisé")
    axe(page)


def test_password_reset_journey(demo_data, page, axe):
    """A teacher resets a forgotten password and signs in with the new one."""
    page.goto(demo_data.url + "/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    axe(page)
    page.get_by_label("Adresse e-mail").fill("enseignant@exemple.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    axe(page)
    page.goto(demo_data.url + path_of(link_in(last_email_to("enseignant@exemple.fr"), "/compte/mot-de-passe/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir un nouveau mot de passe")
    axe(page)
    page.locator("#id_new_password1").fill("une-nouvelle-phrase-2026")
    page.locator("#id_new_password2").fill("une-nouvelle-phrase-2026")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe enregistré")
    axe(page)
    page.get_by_role("link", name="Se connecter").last.click()
    page.get_by_label("Adresse e-mail ou identifiant").fill("enseignant@exemple.fr")
    page.get_by_label("Mot de passe").fill("une-nouvelle-phrase-2026")
    page.locator("form.form").get_by_role("button", name="Se connecter").click()
    expect(page.locator(".site-nav__user")).to_have_text("Élie Enseignant")


def test_preferences_change_in_the_browser(page_as, axe):
    """A signed-in person switches a group of e-mails off and sees the choice kept."""
    page = page_as("agent", "/compte/preferences/")
    axe(page)
    box = page.get_by_label("Conseils et nouveautés")
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.get_by_text("Vos préférences sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Conseils et nouveautés")).not_to_be_checked()
    axe(page)


def test_profile_page_passes_axe(page_as, axe):
    """The account page, with its checkbox group and links, passes axe at 320 px."""
    page = page_as("maire", "/compte/")
    page.set_viewport_size({"width": 320, "height": 700})
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe(page)
    # The demo data's own e-mails (agents enrolled by the mayor) may be there; none is the mayor's.
    assert [message for message in mail.outbox if "maire@exemple.fr" in message.to] == []


def test_home_commune_is_chosen_without_javascript(page_as, axe):
    """From the profile: search "privas", pick the result, see it on the profile, then remove it."""
    page = page_as("parent", "/compte/")
    page.get_by_role("link", name="Indiquer ma commune").click()
    axe(page)
    page.get_by_label("Rechercher une commune").fill("privas")
    page.get_by_role("button", name="Rechercher").click()
    axe(page)
    page.get_by_label(re.compile(r"^Privas")).check()
    page.get_by_role("button", name="Enregistrer cette commune").click()
    expect(page.get_by_text("Votre commune est enregistrée : Privas.")).to_be_visible()
    expect(page.get_by_text("Privas (07)")).to_be_visible()
    page.get_by_role("link", name="Changer de commune").click()
    page.get_by_role("button", name="Retirer ma commune").click()
    expect(page.get_by_text("Votre commune est retirée de votre profil.")).to_be_visible()


def test_the_admin_is_reached_through_the_site_sign_in_only(demo_data, page, axe):
    """Issue 21: /admin/ sends a trainer to the site's sign-in, under its rules, then back to the
    admin; an unconfirmed account and a learner get no admin session."""
    from lms.accounts.models import User

    page.goto(demo_data.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next=%2Fadmin%2F$"))
    axe(page)
    User.objects.filter(email="moderatrice@exemple.fr").update(email_confirmed_at=None)
    page.get_by_label("Adresse e-mail ou identifiant").fill("moderatrice@exemple.fr")
    page.locator("#id_password").fill("passerelle-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Confirmez d'abord votre adresse e-mail")).to_be_visible()
    axe(page)

    page.goto(demo_data.url + "/admin/login/?next=/admin/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("formatrice@exemple.fr")
    page.locator("#id_password").fill("passerelle-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(demo_data.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
