"""Creating an account: sign-up with e-mail confirmation, with or without a password."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.accounts.models import MagicLinkPurpose, User
from lms.accounts.services.links import magic_link_create, magic_link_quota_reached
from lms.notifications.services.outbox import outbox_enqueue


@transaction.atomic
def user_signup(
    *,
    email: str,
    first_name: str,
    last_name: str,
    audiences: list[str],
    password: str | None,
    preferred_language: str = "fr",
) -> User | None:
    """Create the account and send the confirmation link. A parent may leave the password out and
    sign in by e-mail link only.

    If the address already has an account, nothing is created: its owner gets an e-mail with a
    sign-in link instead, and the caller shows the same page, so sign-up reveals no account.
    """

    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        # The same costly work as a new account, whose password is hashed below: otherwise the
        # answer comes several times faster for a known address, and reveals it (issue 21).
        User().set_password(password or None)
        if existing.is_active and not magic_link_quota_reached(existing):
            link = magic_link_create(user=existing)
            outbox_enqueue(recipient=existing, kind="accounts.signup_existing", obj=link)
        return None
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_language=preferred_language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address signed up a moment ago, in another request
        return None
    user.audiences.set(audiences)  # type: ignore[arg-type]  # django-stubs wants int keys; Audience's is its code
    link = magic_link_create(user=user, purpose=MagicLinkPurpose.CONFIRM)
    outbox_enqueue(recipient=user, kind="accounts.signup_confirmation", obj=link)
    return user


@transaction.atomic
def user_confirm_email(*, user: User) -> None:
    """Mark the address as confirmed, once, and send the welcome e-mail."""

    updated = User.objects.filter(pk=user.pk, email_confirmed_at__isnull=True).update(email_confirmed_at=timezone.now())
    user.refresh_from_db(fields=["email_confirmed_at"])
    if updated:
        outbox_enqueue(recipient=user, kind="accounts.welcome", obj=user)
