"""The accounts app's retention rules (lms.privacy.retention), each one set-based with `now`."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import AccessCode, MagicLink, User
from lms.privacy.retention import register_retention_rule

INACTIVITY_NOTICE = "accounts.inactivity_notice"


def _people():
    """Real accounts: not staff (their access is managed by hand), not an erased person's stand-in."""
    return User.objects.filter(is_staff=False, is_superuser=False, erased_at__isnull=True)


def purge_unconfirmed_accounts(now: datetime, period: timedelta) -> int:
    """Self sign-ups never confirmed nor used: nothing else hangs on them, so they are deleted."""
    unconfirmed = _people().filter(
        email__isnull=False, email_confirmed_at__isnull=True, last_login__isnull=True, date_joined__lt=now - period
    )
    # Anyone a manager enrolled or added keeps their account: their organisation holds it.
    unconfirmed = unconfirmed.filter(enrolments__isnull=True, memberships__isnull=True)
    return unconfirmed.delete()[1].get("accounts.User", 0)


def _inactive(now: datetime, period: timedelta):
    last_seen = Q(last_login__lt=now - period) | Q(last_login__isnull=True, date_joined__lt=now - period)
    return _people().filter(last_seen).exclude(email__isnull=True)


def notify_inactive_accounts(now: datetime, period: timedelta) -> int:
    """E-mail, once, those whose account will be erased in PRIVACY_INACTIVE_NOTICE_DAYS."""
    from lms.notifications.models import OutboxMessage
    from lms.notifications.services.outbox import outbox_enqueue_many

    notice = timedelta(days=settings.PRIVACY_INACTIVE_NOTICE_DAYS)
    noticed = OutboxMessage.objects.filter(recipient=OuterRef("pk"), kind=INACTIVITY_NOTICE)
    due = _inactive(now, period - notice).annotate(noticed=Exists(noticed)).filter(noticed=False)
    return outbox_enqueue_many(kind=INACTIVITY_NOTICE, items=[(user, user) for user in due])


def erase_inactive_accounts(now: datetime, period: timedelta) -> int:
    """Erase those told at least PRIVACY_INACTIVE_NOTICE_DAYS ago who have not signed in since
    (a sign-in after the notice cancels it). Erasure is per person, as it re-points rows to each
    one's own stand-in; the notice keeps the batch small and spread over days."""
    from lms.notifications.models import OutboxMessage
    from lms.privacy.erasure import person_erase

    notice = timedelta(days=settings.PRIVACY_INACTIVE_NOTICE_DAYS)
    told = OutboxMessage.objects.filter(
        recipient=OuterRef("pk"), kind=INACTIVITY_NOTICE, created_at__lte=now - notice
    ).filter(Q(recipient__last_login__isnull=True) | Q(created_at__gt=OuterRef("last_login")))
    erased = 0
    for user in _inactive(now, period).filter(Exists(told))[:200]:
        person_erase(user=user, reason=str(_("Compte inactif depuis la durée de conservation.")))
        erased += 1
    return erased


def purge_links(now: datetime, period: timedelta) -> int:
    """Sign-in links and access codes, once expired for the period."""
    links = MagicLink.objects.filter(expires_at__lt=now - period).delete()[0]
    codes = AccessCode.objects.filter(expires_at__lt=now - period).delete()[0]
    return links + codes


def register() -> None:
    register_retention_rule(
        code="accounts.unconfirmed",
        label=_("Comptes jamais confirmés"),
        setting="PRIVACY_UNCONFIRMED_ACCOUNT_DAYS",
        apply=purge_unconfirmed_accounts,
    )
    register_retention_rule(
        code="accounts.inactive_notice",
        label=_("Comptes inactifs : e-mails d'avertissement"),
        setting="PRIVACY_INACTIVE_ACCOUNT_DAYS",
        apply=notify_inactive_accounts,
    )
    register_retention_rule(
        code="accounts.inactive",
        label=_("Comptes inactifs effacés après avertissement"),
        setting="PRIVACY_INACTIVE_ACCOUNT_DAYS",
        apply=erase_inactive_accounts,
    )
    register_retention_rule(
        code="accounts.links",
        label=_("Liens de connexion et codes d'accès expirés"),
        setting="PRIVACY_LINK_DAYS",
        apply=purge_links,
    )
