"""Tokens carried by e-mailed links. The database keeps a nonce and a hash; the token itself is
derived from the nonce and the secret key when the e-mail is built, so a database leak gives no
usable link."""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def derived_token(purpose: str, nonce: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
