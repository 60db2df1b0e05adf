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

A successful sign-in clears the pair's counter.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: int  # seconds


PAIR = Rule("pair", 5, 15 * 60)
ACCOUNT = Rule("account", 20, 60 * 60)
ADDRESS = Rule("address", 200, 60 * 60)


def _key(rule: Rule, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).lower().encode()).hexdigest()[:32]
    return f"throttle:sign-in:{rule.name}:{digest}"


def _keys(identifier: str, ip: str) -> list[tuple[Rule, str]]:
    return [
        (PAIR, _key(PAIR, identifier, ip)),
        (ACCOUNT, _key(ACCOUNT, identifier)),
        (ADDRESS, _key(ADDRESS, ip)),
    ]


def sign_in_blocked(*, identifier: str, ip: str) -> Rule | None:
    """The first rule currently blocking this attempt, if any."""
    identifier = identifier.strip()
    keys = _keys(identifier, ip)
    counts = cache.get_many([key for _rule, key in keys])
    for rule, key in keys:
        if counts.get(key, 0) >= rule.limit:
            return rule
    return None


def sign_in_failed(*, identifier: str, ip: str) -> None:
    for rule, key in _keys(identifier.strip(), ip):
        # add() starts the window; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=rule.window):
            try:
                cache.incr(key)
            except ValueError:  # the key expired between add() and incr()
                cache.add(key, 1, timeout=rule.window)


def sign_in_succeeded(*, identifier: str, ip: str) -> None:
    cache.delete(_key(PAIR, identifier.strip(), ip))


def client_ip(request) -> str:
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


def form_rate_limited(*, form: str, ip: str) -> bool:
    """Count one use of a limited form from this address; True once over its limit."""
    rule = FORM_LIMITS[form]
    key = _key(rule, ip)
    if cache.add(key, 1, timeout=rule.window):
        return False
    try:
        return cache.incr(key) > rule.limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=rule.window)
        return False
