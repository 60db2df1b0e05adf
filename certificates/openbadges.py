"""Attestations as Open Badges 3.0 credentials, signed as VC-JWT (1EdTech Open Badges 3.0 §8.2).

The credential is an `OpenBadgeCredential` whose `id` is the attestation's public verification
page, so any holder system links back to /verifier/<code>/. It is signed with RS256 (the
algorithm every OB 3.0 verifier must support); the public key is published as a JWK set at
/.well-known/jwks.json and named in the JOSE header by its RFC 7638 thumbprint (`kid`).

The recipient is identified by a salted SHA-256 hash of their e-mail address (an OB 3.0
IdentityObject), never by the address itself.

PyJWT and cryptography are imported where a credential is signed or the key is read: together
they weigh some 60 modules and a compiled library that every web process would otherwise load
for two rarely used URLs (bench P3, issue 35)."""

import base64
import functools
import hashlib
import json
import secrets
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from lms.settings.env import stored_secret

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "RS256"


def _generate_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@functools.cache
def signing_key() -> "RSAPrivateKey":
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = settings.OPENBADGES_SIGNING_KEY or stored_secret(settings.OPENBADGES_KEY_FILE, generate=_generate_pem)
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):  # a key given in the environment may be of another kind
        raise ImproperlyConfigured("OPENBADGES_SIGNING_KEY must be an RSA private key (credentials are signed RS256).")
    return key


def _b64(number: int) -> str:
    data = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk() -> dict:
    numbers = signing_key().public_key().public_numbers()
    jwk = {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}
    # RFC 7638: the SHA-256 of the required members, in lexicographic order, without spaces.
    thumbprint = hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest()
    return {**jwk, "kid": base64.urlsafe_b64encode(thumbprint).rstrip(b"=").decode(), "use": "sig", "alg": ALGORITHM}


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def _instant(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(0, 0), tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential(certificate: Certificate, *, salt: str | None = None) -> dict:
    """The OpenBadgeCredential of an attestation, from its frozen snapshot."""
    site = settings.SITE_URL
    snapshot = certificate.snapshot
    verify_url = site + reverse("certificates:verify", args=[certificate.code])
    course_url = site + (certificate.course.url or "/formations/")
    name = snapshot["course_title"]
    criteria = "Avoir terminé tous les modules obligatoires de la formation sur Passerelle."
    if certificate.is_presence:
        # The achievement is the presence at one session, not the course.
        name = f"Présence : {snapshot.get('session_title') or snapshot['course_title']}"
        criteria = "Avoir été présent à la session en présentiel, attesté par les formateurs ou par émargement."
    subject: dict[str, object] = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": course_url,
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": name,
            "description": snapshot["template"].get("body") or name,
            "criteria": {"narrative": criteria},
            "inLanguage": "fr",
        },
    }
    email = certificate.user.email if certificate.user else None
    if email:
        salt = salt or secrets.token_hex(8)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest(),
                "salt": salt,
            }
        ]
    issued = certificate.issued_at
    body = {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": site + "/", "type": ["Profile"], "name": "Passerelle", "url": site + "/"},
        "issuanceDate": _iso(issued),
        "name": name,
        "credentialSubject": subject,
    }
    if certificate.expires_on:
        body["expirationDate"] = _iso(_instant(certificate.expires_on.isoformat()))
    return body


def credential_jwt(certificate: Certificate) -> str:
    """The credential signed as a VC-JWT: registered claims mirror the credential (OB 3.0 §8.2.4)."""
    body = credential(certificate)
    claims = {
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(timezone.now().timestamp()),
        "vc": body,
    }
    if certificate.expires_on:
        claims["exp"] = int(_instant(certificate.expires_on.isoformat()).timestamp())
    import jwt

    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM, headers={"kid": public_jwk()["kid"], "typ": "JWT"})
