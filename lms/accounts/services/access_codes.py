"""Personal access codes for people without e-mail (municipal agents): printed once by their
manager, valid 30 days, single use; the first sign-in leads to choosing a password."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lms.accounts.models import LOGIN_ID_ALPHABET, AccessCode, User

CODE_LIFETIME = timedelta(days=30)
CODE_LENGTH = 8


def _hash(code: str) -> str:
    normalised = code.replace("-", "").replace(" ", "").lower()
    return hmac.new(settings.SECRET_KEY.encode(), f"access-code:{normalised}".encode(), hashlib.sha256).hexdigest()


def format_code(code: str) -> str:
    """Shown in two groups, easier to read and type: k7m4-p2qx."""
    return f"{code[:4]}-{code[4:]}"


@transaction.atomic
def access_code_issue(*, user: User, created_by: User | None = None) -> str:
    """Issue a new code for this person (earlier unused codes stop working) and return it, once."""
    now = timezone.now()
    AccessCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = "".join(secrets.choice(LOGIN_ID_ALPHABET) for _ in range(CODE_LENGTH))
    AccessCode.objects.create(
        user=user, code_hash=_hash(code), created_by=created_by, created_at=now, expires_at=now + CODE_LIFETIME
    )
    return format_code(code)


@transaction.atomic
def access_codes_issue_many(*, users: list[User], created_by: User | None = None) -> dict[int, str]:
    """A new code for each person, in two queries whatever their number (a manager printing
    the sheet of a whole import). Returns each person's code, shown once."""
    now = timezone.now()
    ids = [user.pk for user in users]
    AccessCode.objects.filter(user_id__in=ids, used_at__isnull=True).update(expires_at=now)
    codes = {user_id: "".join(secrets.choice(LOGIN_ID_ALPHABET) for _ in range(CODE_LENGTH)) for user_id in ids}
    AccessCode.objects.bulk_create(
        [
            AccessCode(
                user_id=user_id,
                code_hash=_hash(code),
                created_by=created_by,
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
            for user_id, code in codes.items()
        ]
    )
    return {user_id: format_code(code) for user_id, code in codes.items()}


@transaction.atomic
def access_code_consume(*, login_id: str, code: str) -> User | None:
    """The person, if this login id and code match an unused, unexpired code; the code is then spent."""
    now = timezone.now()
    used = AccessCode.objects.filter(
        code_hash=_hash(code),
        user__login_id__iexact=login_id.strip(),
        user__is_active=True,
        used_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now)
    if not used:
        return None
    return AccessCode.objects.select_related("user").get(code_hash=_hash(code)).user
