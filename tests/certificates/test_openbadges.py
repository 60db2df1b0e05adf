"""Attestations as Open Badges 3.0 credentials: signed VC-JWT, verifiable with the published key,
with the fields the specification requires, linking back to the verification page."""

import hashlib
import json

from django.utils import timezone

import jwt
import pytest

from certificates.models import Certificate
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(published, complete):
    learner = UserFactory(audiences=["parent"], email="Ange@Exemple.fr")
    published.course.certificate_validity_months = 12
    published.course.save()
    complete(published, learner)
    return Certificate.objects.get(), learner


def download(client, user, code):
    client.force_login(user)
    return client.get(f"/attestations/{code}/openbadge/")


def test_the_credential_verifies_with_the_published_key_and_has_the_required_fields(client, issued, settings):
    certificate, learner = issued
    response = download(client, learner, certificate.code)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    client.logout()
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["kid"] == keys[0]["kid"]
    public_key = jwt.PyJWK.from_dict(keys[0]).key
    claims = jwt.decode(token, public_key, algorithms=["RS256"], options={"require": ["iss", "jti", "nbf", "exp"]})
    credential = claims["vc"]
    verify_url = f"{settings.SITE_URL}/verifier/{certificate.code}/"
    assert claims["jti"] == credential["id"] == verify_url
    assert claims["iss"] == credential["issuer"]["id"] == settings.SITE_URL + "/"
    assert credential["@context"][0] == "https://www.w3.org/2018/credentials/v1"
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in credential["@context"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"] and credential["issuer"]["name"]
    assert credential["issuanceDate"].endswith("Z") and credential["expirationDate"].endswith("Z")
    assert credential["name"] == certificate.snapshot["course_title"]
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["id"].startswith(settings.SITE_URL)
    assert achievement["name"] and achievement["description"] and achievement["criteria"]["narrative"]
    (identity,) = subject["identifier"]
    expected = hashlib.sha256(("ange@exemple.fr" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == "sha256$" + expected and identity["hashed"] is True
    assert "ange@exemple.fr" not in json.dumps(credential).lower(), "the address itself never appears"
    assert claims["nbf"] <= int(timezone.now().timestamp()) < claims["exp"]


def test_a_tampered_credential_fails_verification(client, issued):
    certificate, learner = issued
    token = download(client, learner, certificate.code).content.decode()
    head, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["vc"]["name"] = "Autre formation"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    key = jwt.PyJWK.from_dict(client.get("/.well-known/jwks.json").json()["keys"][0]).key
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{head}.{forged}.{signature}", key, algorithms=["RS256"])


def test_only_the_holder_and_their_managers_download_and_never_a_revoked_one(client, issued):
    certificate, learner = issued
    assert download(client, UserFactory(), certificate.code).status_code == 404
    organisation = MembershipFactory(user=learner).organisation
    certificate.enrolment.organisation = organisation
    certificate.enrolment.save()
    from lms.organisations.models import MembershipRole

    manager = MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user
    assert download(client, manager, certificate.code).status_code == 200
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert download(client, learner, certificate.code).status_code == 404


def test_the_key_is_generated_once_under_var_and_kept(settings, tmp_path):
    from certificates import openbadges

    settings.OPENBADGES_SIGNING_KEY = ""
    settings.OPENBADGES_KEY_FILE = tmp_path / "keys" / "openbadges-rsa.pem"
    openbadges.signing_key.cache_clear()
    try:
        first = openbadges.public_jwk()
        assert settings.OPENBADGES_KEY_FILE.read_text().startswith("-----BEGIN PRIVATE KEY-----")
        assert oct(settings.OPENBADGES_KEY_FILE.stat().st_mode)[-3:] == "600"
        openbadges.signing_key.cache_clear()
        assert openbadges.public_jwk() == first
    finally:
        openbadges.signing_key.cache_clear()


def test_a_signing_key_that_is_not_rsa_is_refused_as_a_configuration_error(settings):
    """Credentials are signed RS256: another kind of key in the environment is a configuration error, said as such."""
    from django.core.exceptions import ImproperlyConfigured

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from certificates import openbadges

    key = ec.generate_private_key(ec.SECP256R1())
    settings.OPENBADGES_SIGNING_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    openbadges.signing_key.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="RSA"):
            openbadges.signing_key()
    finally:
        openbadges.signing_key.cache_clear()
