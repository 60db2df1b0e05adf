from django.contrib.auth import SESSION_KEY

import pytest

from lms.accounts.models import User
from lms.organisations.models import Invitation, InvitationStatus, Membership, MembershipRole
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    membership = MembershipFactory(
        role=MembershipRole.MANAGER,
        organisation__slug="mairie-a",
        organisation__name="Mairie A",
        user__first_name="Michèle",
    )
    client.force_login(membership.user)
    return membership


def invite(client, email, function=""):
    return client.post("/organisations/mairie-a/inviter/", {"email": email, "function": function})


def test_an_existing_user_accepts_on_their_page(client, manager):
    """Nobody joins without consent: the invitee sees the invitation, accepts, and is a member."""
    invitee = UserFactory(email="hugo@exemple.fr")
    assert invite(client, "Hugo@Exemple.fr", "Secrétaire de mairie").status_code == 302
    assert not Membership.objects.filter(user=invitee).exists()
    deliver()
    email = last_email_to("hugo@exemple.fr")
    assert email.subject == "Invitation à rejoindre « Mairie A » sur Passerelle"
    assert "/organisations/" in email.body and "/compte/activation/" not in email.body
    assert email.reply_to == [manager.user.email]  # a question reaches the manager who invited

    client.force_login(invitee)
    page = page_text(client.get("/organisations/"))
    assert "Invitations reçues" in page and "Mairie A" in page
    invitation = Invitation.objects.get()
    client.post(f"/organisations/invitations/{invitation.pk}/reponse/", {"answer": "accept"})
    membership = Membership.objects.current().get(user=invitee)
    assert (membership.organisation, membership.function) == (manager.organisation, "Secrétaire de mairie")


def test_declining_leaves_no_membership(client, manager):
    invitee = UserFactory(email="non@exemple.fr")
    invite(client, "non@exemple.fr")
    client.force_login(invitee)
    client.post(f"/organisations/invitations/{Invitation.objects.get().pk}/reponse/", {"answer": "decline"})
    assert Invitation.objects.get().status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(user=invitee).exists()
    assert "Invitations reçues" not in page_text(client.get("/organisations/"))


def test_a_newcomer_creates_an_account_through_the_single_use_link(client, manager):
    """Without an account, the link leads to a short form; the account is created and joins."""
    invite(client, "nouvelle@exemple.fr")
    deliver()
    path = path_of(link_in(last_email_to("nouvelle@exemple.fr"), "/compte/activation/"))
    client.logout()
    assert "Rejoindre une organisation" in page_text(client.get(path))
    response = client.post(path, {"first_name": "Inès", "last_name": "Roche", "password": ""})
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.email_confirmed_at is not None and not user.has_usable_password()
    assert Membership.objects.current().filter(user=user, organisation=manager.organisation).exists()
    client.logout()
    assert client.get(path).status_code == 410  # single use


def test_someone_elses_invitation_is_a_404(client, manager):
    invitation = InvitationFactory(organisation=manager.organisation, email="quelquun@exemple.fr")
    client.force_login(UserFactory(email="autre@exemple.fr"))
    assert client.post(f"/organisations/invitations/{invitation.pk}/reponse/", {"answer": "accept"}).status_code == 404
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_inviting_a_member_again_is_refused_and_twice_sends_once(client, manager):
    member = MembershipFactory(organisation=manager.organisation, user__email="deja@exemple.fr")
    response = invite(client, member.user.email)
    assert "Cette personne fait déjà partie de l'organisation." in page_text(response)
    invite(client, "double@exemple.fr")
    invite(client, "double@exemple.fr")
    assert Invitation.objects.filter(email="double@exemple.fr").count() == 1
    deliver()


def test_invite_page_is_404_for_non_managers(client, manager):
    client.force_login(MembershipFactory(organisation=manager.organisation).user)
    assert client.get("/organisations/mairie-a/inviter/").status_code == 404
    assert invite(client, "x@exemple.fr").status_code == 404
    assert not Invitation.objects.exists()


def test_a_forged_activation_token_is_refused(client):
    assert client.get("/compte/activation/pas-un-vrai-jeton/").status_code == 410


def test_manager_lists_and_withdraws_a_pending_invitation(client, manager):
    """The members tab lists pending invitations; withdrawing asks first, then the link is dead
    and the unsent e-mail is dropped."""
    invite(client, "retiree@exemple.fr", "Agent d'accueil")
    invitation = Invitation.objects.get()
    tab = page_text(client.get("/organisations/mairie-a/"))
    assert "Invitations en attente" in tab and "retiree@exemple.fr" in tab and "Agent d'accueil" in tab
    confirm = client.get(f"/organisations/mairie-a/invitations/{invitation.pk}/retrait/")
    assert "ne sera plus valable" in page_text(confirm)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING, "the confirmation page changes nothing"
    response = client.post(f"/organisations/mairie-a/invitations/{invitation.pk}/retrait/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN and invitation.responded_at is not None
    tab = page_text(client.get("/organisations/mairie-a/"))
    assert "L'invitation de retiree@exemple.fr est retirée." in tab
    assert "Invitations en attente" not in tab and "retiree@exemple.fr</th>" not in tab
    assert deliver() == [], "the e-mail not yet sent is not sent any more"
    # Withdrawing again is a 404: only pending invitations can be withdrawn.
    assert client.post(f"/organisations/mairie-a/invitations/{invitation.pk}/retrait/").status_code == 404


def test_a_withdrawn_invitation_cannot_be_used(client, manager):
    """Link already e-mailed: after withdrawal, the newcomer's link and the member's answer fail."""
    invite(client, "tard@exemple.fr")
    deliver()
    path = path_of(link_in(last_email_to("tard@exemple.fr"), "/compte/activation/"))
    invitation = Invitation.objects.get()
    client.post(f"/organisations/mairie-a/invitations/{invitation.pk}/retrait/")
    client.logout()
    assert client.get(path).status_code == 410
    assert client.post(path, {"first_name": "A", "last_name": "B"}).status_code == 410
    assert not User.objects.filter(email="tard@exemple.fr").exists()


def test_an_answered_invitation_is_not_withdrawn(client, manager):
    """A race: the invitee accepts between the confirmation page and the click."""
    invitee = UserFactory(email="rapide@exemple.fr")
    invite(client, "rapide@exemple.fr")
    invitation = Invitation.objects.get()
    from lms.organisations.services.invitations import invitation_accept, invitation_withdraw

    invitation_accept(invitation=invitation, user=invitee)
    assert invitation_withdraw(invitation=invitation) is False
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_inviting_again_after_withdrawal_sends_a_new_invitation(client, manager):
    invite(client, "encore@exemple.fr")
    first = Invitation.objects.get()
    client.post(f"/organisations/mairie-a/invitations/{first.pk}/retrait/")
    invite(client, "encore@exemple.fr")
    assert Invitation.objects.filter(status=InvitationStatus.PENDING, email="encore@exemple.fr").count() == 1


def test_a_newcomer_s_names_are_stored_without_bidi_characters(client, manager):
    """The activation form drops a right-to-left override (U+202E) typed in the names."""
    invite(client, "nouvelle@exemple.fr")
    deliver()
    path = path_of(link_in(last_email_to("nouvelle@exemple.fr"), "/compte/activation/"))
    client.logout()
    client.post(path, {"first_name": "\u202esènI", "last_name": "Roche\u200f", "password": ""})
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert (user.first_name, user.last_name) == ("sènI", "Roche")
