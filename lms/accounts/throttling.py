"""Limits on failed sign-ins, kept in the shared cache (database cache or Redis).

A town hall's agents often share one public IP address, so no rule may lock out everyone behind
an address because of one person's typos, and a stranger must not be able to lock a person out
of every device. The rules, over fixed windows:

- one account from one address: 5 failures in 15 minutes block that pair for the rest of the
  window. This is what stops guessing, and it touches nobody else;
- one account from all addresses: 20 failures in an hour block password sign-in for that account
  for the rest of the hour. The e-mail link still works, so the owner is never locked out;
- one address for all accounts: 200 failures in an hour block that address. A town hall with 50
  agents mistyping their password twice each stays far below it.

A browser the owner signed in from before is exempt from the last two (see DEVICE below), and the
e-mailed link always works, so strangers cannot lock the owner out. A successful sign-in clears
the pair's counter. These rules are applied by the authentication backend (lms/accounts/backends.py),
so every login view meets them.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: int  # seconds


PAIR = Rule("pair", 5, 15 * 60)
ACCOUNT = Rule("account", 20, 60 * 60)
ADDRESS = Rule("address", 200, 60 * 60)
# A browser the account's owner signed in from before (a signed "known device" cookie, after
# OWASP's device-cookie scheme) is exempt from the account and address rules, which strangers
# can trigger, and limited on its own instead: the owner keeps password sign-in on their usual
# devices while someone guesses their password from elsewhere.
DEVICE = Rule("device", 5, 15 * 60)
DEVICE_COOKIE = "passerelle_appareil"
DEVICE_COOKIE_AGE = 180 * 24 * 3600
_DEVICE_SALT = "lms.accounts.throttling.device"


def _key(rule: Rule, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).lower().encode()).hexdigest()[:32]
    return f"throttle:sign-in:{rule.name}:{digest}"


def _keys(identifier: str, ip: str) -> list[tuple[Rule, str]]:
    return [
        (PAIR, _key(PAIR, identifier, ip)),
        (ACCOUNT, _key(ACCOUNT, identifier)),
        (ADDRESS, _key(ADDRESS, ip)),
    ]


def _first_blocking(keys: list[tuple[Rule, str]]) -> Rule | None:
    counts = cache.get_many([key for _rule, key in keys])
    for rule, key in keys:
        if counts.get(key, 0) >= rule.limit:
            return rule
    return None


def _count(keys: list[tuple[Rule, str]]) -> None:
    for rule, key in keys:
        # add() starts the window; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=rule.window):
            try:
                cache.incr(key)
            except ValueError:  # the key expired between add() and incr()
                cache.add(key, 1, timeout=rule.window)


def _account_digest(identifier: str) -> str:
    return hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]


def _known_device(request: HttpRequest | None, identifier: str) -> str | None:
    """The nonce of this browser's device cookie, when it was given to this account."""
    raw = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("a") != _account_digest(identifier):
        return None
    return str(value.get("n") or "") or None


def remember_device(response: HttpResponse, *, identifier: str) -> None:
    """After a sign-in that proved the owner, mark this browser as one of theirs."""
    if not identifier:
        return
    value = signing.dumps({"a": _account_digest(identifier), "n": get_random_string(16)}, salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@dataclass(frozen=True)
class Attempt:
    """One password sign-in attempt, with the counters that apply to it."""

    identifier: str
    ip: str
    device: str | None
    # A printed access code is how a manager lets back in someone without e-mail: the account
    # rule, which strangers can trigger, must not block it (the code is random, single-use and
    # short-lived; the pair and address rules still stop guessing).
    account_wide: bool = True

    @classmethod
    def of(cls, request: HttpRequest | None, identifier: str, *, by_code: bool = False) -> "Attempt":
        identifier = identifier.strip()
        ip = client_ip(request) if request is not None else "unknown"
        device = _known_device(request, identifier)
        return cls(identifier=identifier, ip=ip, device=device, account_wide=not by_code)

    def _keys(self) -> list[tuple[Rule, str]]:
        if self.device:
            return [(PAIR, _key(PAIR, self.identifier, self.ip)), (DEVICE, _key(DEVICE, self.device))]
        keys = _keys(self.identifier, self.ip)
        return keys if self.account_wide else [(rule, key) for rule, key in keys if rule is not ACCOUNT]

    def blocked(self) -> Rule | None:
        return _first_blocking(self._keys())

    def failed(self) -> None:
        _count(self._keys())

    def succeeded(self) -> None:
        cache.delete(_key(PAIR, self.identifier, self.ip))


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a reverse proxy every request comes from the proxy, so
    CLIENT_IP_HEADER names the header the proxy sets (e.g. HTTP_X_REAL_IP); for a
    comma-separated X-Forwarded-For, the right-most entry is the one our proxy added."""
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# Forms that send e-mail are limited per address too, so that nobody can use Passerelle to flood
# someone's inbox. Over the limit the form says so; the message does not depend on the account.
# Public certificate verification is limited the same way, so that codes cannot be enumerated.
FORM_LIMITS = {
    "sign_up": Rule("sign_up", 20, 60 * 60),
    "magic_link": Rule("magic_link", 30, 60 * 60),
    "password_reset": Rule("password_reset", 30, 60 * 60),
    "email_change": Rule("email_change", 20, 60 * 60),
    "certificate_verification": Rule("certificate_verification", 60, 60 * 60),
}


def _over_limit(rule: Rule, key: str) -> bool:
    """Count one use under this rule and key; True once over its limit."""
    if cache.add(key, 1, timeout=rule.window):
        return False
    try:
        return cache.incr(key) > rule.limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=rule.window)
        return False


def form_rate_limited(*, form: str, ip: str) -> bool:
    """Count one use of a limited form from this address; True once over its limit."""
    rule = FORM_LIMITS[form]
    return _over_limit(rule, _key(rule, ip))


# Sign-in links for one e-mail address, whoever asks and whether or not an account has it: over
# the limit none is sent, and the form says so in the same words for every address, so that
# the inbox is not flooded, no request is silently dropped, and nothing reveals an account.
LINKS_PER_ADDRESS = Rule("links_per_address", 5, 60 * 60)


def sign_in_links_exhausted(*, email: str) -> bool:
    """Count one sign-in link asked for this address; True once over the limit."""
    return _over_limit(LINKS_PER_ADDRESS, _key(LINKS_PER_ADDRESS, email.strip()))
