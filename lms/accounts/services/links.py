"""Single-use links sent by e-mail: creating them and the hourly quota. Below magic_links.py, which
consumes them and dispatches to sign-up and e-mail change, so that those two can create links
without a circle between the files."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import MagicLink, MagicLinkPurpose, User
from lms.accounts.tokens import derived_token, new_nonce, token_hash

SIGN_IN_LIFETIME = timedelta(minutes=15)
# At most this many links an hour per person, whoever asks. The sign-in link form stops earlier,
# and says so (throttling.LINKS_PER_ADDRESS): this is the backstop, across every kind of link.
MAX_LINKS_PER_HOUR = 10
CONFIRM_LIFETIME = timedelta(days=2)


def _token_for(nonce: str) -> str:
    """The token a link's e-mail carries: derived from the stored nonce and the secret key."""
    return derived_token("magic-link", nonce)


def _hash(token: str) -> str:
    return token_hash(token)


def magic_link_quota_reached(user: User) -> bool:
    recent = MagicLink.objects.filter(user=user, created_at__gte=timezone.now() - timedelta(hours=1))
    return recent.count() >= MAX_LINKS_PER_HOUR


@transaction.atomic
def magic_link_create(
    *, user: User, purpose: str = MagicLinkPurpose.SIGN_IN, next_url: str = "", email: str = ""
) -> MagicLink:
    nonce = new_nonce()
    lifetime = SIGN_IN_LIFETIME if purpose == MagicLinkPurpose.SIGN_IN else CONFIRM_LIFETIME
    now = timezone.now()
    return MagicLink.objects.create(
        created_at=now,
        user=user,
        purpose=purpose,
        nonce=nonce,
        token_hash=_hash(_token_for(nonce)),
        next_url=next_url,
        email=email,
        expires_at=now + lifetime,
    )
