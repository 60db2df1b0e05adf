"""Inviting people by e-mail: consent first, a single-use activation link for newcomers.

A manager invites one address from the form (`invitation_create`) or thousands from a CSV
import (`invitation_create_many`); both write the same invitations, tokens and e-mails."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User, normalise_email
from lms.accounts.tokens import derived_token, new_nonce, token_hash
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.organisations.acceptance import acceptance_listeners
from lms.organisations.models import AuditAction, Invitation, InvitationStatus, Membership, Organisation
from lms.organisations.services.audit import audit_record
from lms.organisations.services.memberships import NewMember, default_audience, membership_add

INVITATION_LIFETIME = timedelta(days=14)
PURPOSE = "invitation"


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, invited_by: User, function: str = "") -> Invitation:
    """Invite an address. Someone already a member is refused; inviting again re-sends nothing new."""
    email = normalise_email(email) or ""
    if Membership.objects.current().filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("Cette personne fait déjà partie de l'organisation."))
    pending = Invitation.objects.filter(
        organisation=organisation, email__iexact=email, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).first()
    if pending is not None:
        return pending
    (invitation,) = invitation_create_many(
        organisation=organisation, invited_by=invited_by, people=[NewMember(email=email, function=function)]
    )
    audit_record(
        organisation=organisation,
        actor=invited_by,
        action=AuditAction.INVITE,
        summary=_("Invitation envoyée à %(email)s") % {"email": email},
        details={"invitation": invitation.pk},
    )
    return invitation


@transaction.atomic(savepoint=False)  # inside an import's transaction: no savepoint statements
def invitation_create_many(
    *, organisation: Organisation, invited_by: User, people: Sequence[NewMember]
) -> list[Invitation]:
    """Invitations to addresses the caller has already checked (no current member, no pending
    invitation, nobody who declined), with their e-mails, in four queries whatever their number.

    Writes no journal entry: the caller records the manager's action once, the form as
    « Invitation envoyée à … », an import in its summary."""
    from lms.notifications.services.outbox import outbox_enqueue_many

    if not people:
        return []
    now = timezone.now()
    created = Invitation.objects.bulk_create([_invitation(organisation, invited_by, person, now) for person in people])
    keys = [invitation.email.lower() for invitation in created]
    accounts = {user.key: user for user in User.objects.annotate(key=Lower("email")).filter(key__in=keys)}
    found = [accounts.get(invitation.email.lower()) for invitation in created]
    outbox_enqueue_many(
        kind="organisations.invitation",
        # A newcomer has no account yet: the outbox row hangs on the inviter, addressed to the newcomer.
        items=[(account or invited_by, invitation) for account, invitation in zip(found, created, strict=True)],
        to_emails=[
            account.email if account and account.email else invitation.email
            for account, invitation in zip(found, created, strict=True)
        ],
    )
    return created


def _invitation(organisation: Organisation, invited_by: User, person: NewMember, now: datetime) -> Invitation:
    """An unsaved invitation with its single-use token: only the token's hash is stored, the
    e-mail derives the link again from the nonce."""
    email = normalise_email(person.email)
    if not email:
        raise ValueError("An invitation needs an e-mail address.")
    nonce = new_nonce()
    return Invitation(
        organisation=organisation,
        email=email,
        function=person.function.strip(),
        invited_by=invited_by,
        nonce=nonce,
        token_hash=token_hash(derived_token(PURPOSE, nonce)),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )


def invitation_email_context(message: OutboxMessage) -> dict:
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=message.object_id).first()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        raise MessageObsolete("The invitation was answered or withdrawn before the e-mail left.")
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    path = (
        reverse("organisations:list")
        if has_account
        else reverse("invitation_activation", args=[derived_token(PURPOSE, invitation.nonce)])
    )
    return {
        "invitation": invitation,
        "has_account": has_account,
        "invitation_url": settings.SITE_URL + path,
        # A question about the invitation goes to the manager who sent it, not to a no-reply box.
        "reply_to": invitation.invited_by.email if invitation.invited_by else "",
    }


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    if user.email_confirmed_at is None or (user.email or "").lower() != invitation.email.lower():
        raise ValidationError(_("Confirmez d'abord votre adresse e-mail pour accepter cette invitation."))
    taken = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.ACCEPTED, user=user, responded_at=timezone.now()
    )
    if not taken:
        raise ValidationError(_("Cette invitation n'est plus valable."))
    membership = membership_add(organisation=invitation.organisation, user=user, function=invitation.function)
    # What the apps above add to joining (courses: the course the invitation carries), inside
    # this transaction: a listener that fails rolls the acceptance back, so nobody joins half-way.
    for listener in acceptance_listeners():
        listener(invitation=invitation, user=user, membership=membership)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> None:
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.DECLINED, user=user, responded_at=timezone.now()
    )


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by: User | None = None) -> bool:
    """A manager takes an invitation back: its link stops working and an unsent e-mail is dropped.
    False if it was answered meanwhile."""
    withdrawn = bool(
        Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.WITHDRAWN, responded_at=timezone.now()
        )
    )
    if withdrawn:
        audit_record(
            organisation=invitation.organisation,
            actor=by,
            action=AuditAction.INVITE,
            summary=_("Invitation de %(email)s retirée") % {"email": invitation.email},
            details={"invitation": invitation.pk},
        )
    return withdrawn


@transaction.atomic
def invitation_activate(
    *, invitation: Invitation, first_name: str, last_name: str, password: str | None
) -> tuple[User, Membership]:
    """A newcomer opens the link: create their account (address confirmed by the link), with the
    organisation's default audience, and join."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("Un compte existe déjà avec cette adresse : connectez-vous pour accepter l'invitation.")
        )
    user = User(
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email_confirmed_at=timezone.now(),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audience = default_audience(invitation.organisation)
    if audience:
        user.audiences.add(audience)  # type: ignore[arg-type]  # django-stubs wants an int key; Audience's is its code
    return user, invitation_accept(invitation=invitation, user=user)
