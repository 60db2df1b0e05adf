"""Single-use sign-in links: requested by e-mail, valid 15 minutes, consumed only by a POST."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import MagicLink, MagicLinkPurpose, User
from lms.accounts.services.email_change import email_change_apply
from lms.accounts.services.links import (  # noqa: F401  (re-exported for callers and tests)
    CONFIRM_LIFETIME,
    MAX_LINKS_PER_HOUR,
    SIGN_IN_LIFETIME,
    _hash,
    _token_for,
    magic_link_create,
    magic_link_quota_reached,
)
from lms.accounts.services.signup import user_confirm_email
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_enqueue


def magic_link_url(link: MagicLink) -> str:
    return settings.SITE_URL + reverse("accounts:magic_link_landing", args=[_token_for(link.nonce)])


def magic_link_email_context(message: OutboxMessage) -> dict:
    """Context builder for the e-mails that carry a link (registered with the kinds)."""
    link = MagicLink.objects.filter(pk=message.object_id).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        raise MessageObsolete("The link was used or expired before the e-mail could be sent.")
    minutes = int((link.expires_at - link.created_at).total_seconds() // 60)
    return {"link_url": magic_link_url(link), "link_minutes": minutes, "link_hours": minutes // 60}


def magic_link_find(token: str) -> MagicLink | None:
    """The valid link for this token, without consuming it (the GET page)."""
    return (
        MagicLink.objects.select_related("user")
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )


@transaction.atomic
def magic_link_consume(*, token: str) -> MagicLink | None:
    """Use the link once: a conditional update, so two clicks (or two tabs) sign in only once.

    A link confirming a new address raises EmailTaken, and stays unused, if another account
    took that address meanwhile."""
    now = timezone.now()
    token_hash = _hash(token)
    used = MagicLink.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now, user__is_active=True
    ).update(used_at=now)
    if not used:
        return None
    link = MagicLink.objects.select_related("user").get(token_hash=token_hash)
    if link.purpose == MagicLinkPurpose.EMAIL_CHANGE:
        email_change_apply(link=link)
    elif link.user.email_confirmed_at is None:
        if link.purpose != MagicLinkPurpose.CONFIRM and link.user.has_usable_password():
            # Someone else may have signed up with this address and chosen the password: the
            # owner, proving the address with a sign-in link, must not inherit it.
            link.user.set_unusable_password()
            link.user.save(update_fields=["password"])
        # Opening a link sent to the address proves the person owns it.
        user_confirm_email(user=link.user)
    return link


def magic_link_request(*, email: str, next_url: str = "") -> MagicLink | None:
    """Send a sign-in link if an active account has this address. The caller answers the same
    way either way, so that the form never reveals who has an account."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or magic_link_quota_reached(user):
        return None
    with transaction.atomic():
        link = magic_link_create(user=user, next_url=next_url)
        outbox_enqueue(recipient=user, kind="accounts.magic_link", obj=link)
    return link
