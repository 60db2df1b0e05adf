"""Signed one-click unsubscribe tokens (RFC 8058): no login, no expiry, one group per token."""

from django.core import signing

SALT = "passerelle.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, group: str) -> str:
    return signing.dumps({"u": user_id, "g": group}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, group) for a genuine token; None for a tampered or malformed one."""
    try:
        data = signing.loads(token, salt=SALT)
        return int(data["u"]), str(data["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
