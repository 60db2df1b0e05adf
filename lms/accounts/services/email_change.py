"""Adding an e-mail address to an account, or changing it: the new address is set only once the
person opens the link sent to it. Agents who signed in with a printed code use this to receive
sign-in links and certificates."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import MagicLink, MagicLinkPurpose, User, normalise_email
from lms.accounts.services.links import magic_link_create, magic_link_quota_reached
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_enqueue


class EmailTaken(Exception):
    """Another account already uses this address."""


def pending_email_change(user: User) -> MagicLink | None:
    return (
        MagicLink.objects.filter(
            user=user, purpose=MagicLinkPurpose.EMAIL_CHANGE, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def email_change_request(*, user: User, email: str) -> MagicLink | None:
    """Send a confirmation link to the new address; earlier pending requests stop working.

    If another account already has the address, the request looks the same to the person
    asking (a pending request is recorded), but its owner gets a notice instead of a link: the
    form never reveals who has an account. Returns None when the hourly quota of links is
    reached: nothing is sent."""

    address = normalise_email(email)
    if address is None:  # the form requires one: an empty address would change nothing
        raise ValueError("An e-mail change needs the new address.")
    email = address
    if magic_link_quota_reached(user):
        return None
    now = timezone.now()
    MagicLink.objects.filter(user=user, purpose=MagicLinkPurpose.EMAIL_CHANGE, used_at__isnull=True).update(
        expires_at=now
    )
    link = magic_link_create(user=user, purpose=MagicLinkPurpose.EMAIL_CHANGE, email=email)
    owner = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    if owner is None:
        outbox_enqueue(recipient=user, kind="accounts.email_change", obj=link, to_email=email)
    else:
        outbox_enqueue(recipient=owner, kind="accounts.email_taken", obj=link)
    return link


@transaction.atomic
def email_change_apply(*, link: MagicLink) -> None:
    """Called when the link is consumed: the address is proven, it becomes the account's.
    The previous address, if any, is told, in case someone else made the change."""

    user = User.objects.select_for_update().get(pk=link.user_id)
    # Links sent to the previous address must not sign in any more.
    MagicLink.objects.filter(user=user, used_at__isnull=True).exclude(pk=link.pk).update(expires_at=timezone.now())
    previous = user.email
    if previous and previous.lower() == link.email.lower():
        return
    user.email = link.email
    user.email_confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_confirmed_at"])
    except IntegrityError as error:  # another account took the address since the request
        raise EmailTaken(link.email) from error
    link.user.email, link.user.email_confirmed_at = user.email, user.email_confirmed_at
    if previous:
        outbox_enqueue(recipient=user, kind="accounts.email_changed", obj=link, to_email=previous)


def email_changed_email_context(message: OutboxMessage) -> dict:
    """Context of the notice sent to the previous address (registered with the kinds)."""

    link = MagicLink.objects.filter(pk=message.object_id).first()
    if link is None:
        raise MessageObsolete("The change was purged before the notice could be sent.")
    return {"new_email": link.email}


def email_taken_email_context(message: OutboxMessage) -> dict:
    """The notice to an address's owner when another account asked for it."""
    return {"sign_in_url": settings.SITE_URL + reverse("accounts:magic_link_request")}
