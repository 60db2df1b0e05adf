"""Invitations in Chromium: the mayor invites an existing user, who accepts."""

import pytest
from playwright.sync_api import expect

from lms.organisations.models import Membership

pytestmark = pytest.mark.browser


def test_mayor_invites_an_existing_user_who_accepts(page_as, page_for, axe):
    from tests.factories import UserFactory

    page = page_as("maire", "/organisations/mairie-de-privas/")
    page.get_by_role("link", name="Inviter par e-mail").click()
    axe(page)
    page.get_by_label("Adresse e-mail").fill("lea.martin@exemple.fr")
    page.get_by_label("Fonction").fill("Adjointe au numérique")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Invitation envoyée à lea.martin@exemple.fr.")).to_be_visible()

    invitee = UserFactory(email="lea.martin@exemple.fr", first_name="Léa", last_name="Martin")
    other = page_for(invitee, "/organisations/")
    expect(other.get_by_role("heading", name="Invitations reçues")).to_be_visible()
    axe(other)
    other.get_by_role("button", name="Accepter — Mairie de Privas").click()
    expect(other.get_by_text("Vous avez rejoint « Mairie de Privas ».")).to_be_visible()
    assert Membership.objects.current().get(user=invitee).function == "Adjointe au numérique"


def test_mayor_withdraws_a_pending_invitation(page_as, axe):
    """The members tab lists the invitation; withdrawing asks for confirmation first."""
    page = page_as("maire", "/organisations/mairie-de-privas/inviter/")
    page.get_by_label("Adresse e-mail").fill("erreur@exemple.fr")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("heading", name="Invitations en attente")).to_be_visible()
    expect(page.get_by_role("row", name="erreur@exemple.fr")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Retirer l'invitation — erreur@exemple.fr").click()
    expect(page.get_by_role("heading", name="Retirer une invitation")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Retirer l'invitation").click()
    expect(page.get_by_text("L'invitation de erreur@exemple.fr est retirée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Invitations en attente")).to_have_count(0)
