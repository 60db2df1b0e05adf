"""Downloading an attestation (holder and their managers only) and verifying it (anyone)."""

import hashlib
import json
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import jwt
import pytest

from certificates.dashboard import certificates_context
from certificates.models import Certificate, PdfStatus, new_code, normalise_code
from lms.accounts import throttling
from lms.accounts.models import User
from lms.organisations.models import MembershipRole
from lms.privacy.erasure import person_erase
from lms.privacy.registry import user_data_export
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.courses import CourseFactory, EnrolmentFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(published, complete):
    """An attestation of a learner enrolled through a commune, with its manager."""
    learner = UserFactory(first_name="Ange", last_name="Agent", audiences=["parent"])
    organisation = MembershipFactory(user=learner).organisation
    manager = MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user
    complete(published, learner, organisation=organisation)
    return Certificate.objects.get(), learner, manager


def download(client, user, code):
    client.force_login(user)
    return client.get(f"/attestations/{code}/pdf/")


def test_the_holder_and_the_organisations_manager_download_the_pdf(client, issued):
    certificate, learner, manager = issued
    for person in (learner, manager):
        response = download(client, person, certificate.code)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        data = b"".join(response.streaming_content)
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
        assert response["Cache-Control"] == "private, no-store"


def test_everyone_else_gets_404(client, issued):
    certificate, learner, manager = issued
    other_manager = MembershipFactory(organisation=OrganisationFactory(), role=MembershipRole.MANAGER).user
    plain_member = MembershipFactory(organisation=certificate.enrolment.organisation).user
    for person in (UserFactory(), other_manager, plain_member):
        assert download(client, person, certificate.code).status_code == 404
    client.logout()
    assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 302  # sign in first
    assert download(client, learner, new_code()).status_code == 404
    assert download(client, learner, "pas-un-code").status_code == 404


def test_a_manager_whose_membership_ended_loses_access(client, issued):
    certificate, _learner, manager = issued
    manager.memberships.update(end_on=timezone.localdate())
    assert download(client, manager, certificate.code).status_code == 404


def test_a_pending_pdf_says_en_preparation(client, issued):
    certificate, learner, _manager = issued
    Certificate.objects.filter(pk=certificate.pk).update(pdf_status=PdfStatus.PENDING)
    response = download(client, learner, certificate.code)
    assert response.status_code == 200 and response["Retry-After"] == "60"
    assert "en préparation" in page_text(response)


def test_the_dashboard_lists_the_attestation(client, issued):
    certificate, learner, _manager = issued
    client.force_login(learner)
    text = page_text(client.get("/mon-espace/"))
    assert "Mes attestations" in text and f"/attestations/{certificate.code}/pdf/" in text
    assert f"/verifier/{certificate.code}/" in text


def test_verification_shows_a_valid_attestation_to_anyone(client, issued):
    certificate, _learner, _manager = issued
    response = client.get(f"/verifier/{certificate.code}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Valide" in text and "Ange Agent" in text and certificate.snapshot["course_title"] in text
    assert certificate.enrolment.organisation.name in text
    assert 'content="noindex, nofollow"' in text


def test_codes_typed_in_lower_case_with_spaces_or_dashes_are_found(client, issued):
    certificate, _learner, _manager = issued
    grouped = " ".join(certificate.code[i : i + 4] for i in range(0, 26, 4)).lower()
    response = client.get("/verifier/", {"code": grouped})
    assert response.status_code == 302 and response["Location"] == f"/verifier/{certificate.code}/"
    dashed = "-".join(certificate.code[i : i + 5] for i in range(0, 26, 5)).lower()
    response = client.get(f"/verifier/{dashed}/")
    assert response.status_code == 302 and response["Location"] == f"/verifier/{certificate.code}/"
    assert normalise_code(certificate.code.replace("0", "o").replace("1", "l")) == certificate.code


def test_an_expired_attestation_says_so(client, issued):
    certificate, _learner, _manager = issued
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Expirée" in text and "Valide" not in text


def test_unknown_and_malformed_codes(client, db):
    response = client.get(f"/verifier/{new_code()}/")
    assert response.status_code == 404 and "Inconnue" in page_text(response)
    response = client.get("/verifier/", {"code": "ABC"})
    assert response.status_code == 400 and "26 caractères" in page_text(response)
    assert client.get("/verifier/").status_code == 200


def test_verification_is_rate_limited_per_address(client, db):
    cache.clear()
    limit = throttling.FORM_LIMITS["certificate_verification"].limit
    code = new_code()
    for _attempt in range(limit):
        assert client.get(f"/verifier/{code}/").status_code == 404
    response = client.get(f"/verifier/{code}/")
    assert response.status_code == 429 and "Trop de vérifications" in page_text(response)
    other = client.get(f"/verifier/{code}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404  # another address is not blocked


def test_erasure_keeps_the_attestation_verifiable_without_the_person(
    client, issued, django_capture_on_commit_callbacks
):
    """After erasure the attestation still verifies, holder "donnée supprimée à sa demande"."""
    certificate, learner, _manager = issued
    assert user_data_export(learner)["certificates.Certificate"][0]["code"] == certificate.code
    pdf_name = certificate.pdf.name
    with django_capture_on_commit_callbacks():
        person_erase(user=learner, reason="Demande.")
    certificate.refresh_from_db()
    assert certificate.user is None and certificate.snapshot["holder_name"] == ""
    assert not certificate.pdf and not certificate.pdf.storage.exists(pdf_name)
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Valide" in text and "Ange Agent" not in text and "donnée supprimée à sa demande" in text


@pytest.mark.parametrize("count", [1, 20])
def test_the_attestations_section_costs_two_queries_whatever_their_number(client, count):
    learner = UserFactory(audiences=["parent"])
    for _ in range(count):
        course = CourseFactory(certificate_validity_months=12)
        enrolment = EnrolmentFactory(user=learner, course=course, status="completed", completed_at=timezone.now())
        Certificate.objects.create(
            enrolment=enrolment,
            cycle=1,
            user=learner,
            course=course,
            expires_on=timezone.localdate() + timedelta(days=10),
            snapshot={"course_title": course.title, "holder_name": "Paule"},
            pdf_status=PdfStatus.READY,
        )
    client.force_login(learner)
    request = RequestFactory().get("/mon-espace/")
    request.user = learner
    with CaptureQueriesContext(connection) as queries:
        context = certificates_context(request)
    assert len(context["certificates"]) == count and all(item.renewable for item in context["certificates"])
    # The attestations, and the finished cycles whose attestation is not issued yet.
    assert len(queries) == 2


def test_a_name_typed_with_a_bidi_override_is_shown_as_it_reads(client, published, complete):
    """Someone signing up as "Ange " + U+202E + "tnega" gets an attestation whose verification page
    and Open Badge credential carry no U+202E (it showed the name reversed)."""
    client.post(
        "/compte/inscription/",
        {
            "first_name": "Ange",
            "last_name": "\u202etnegA",
            "email": "ange@exemple.fr",
            "audiences": ["parent"],
            "password": "",
        },
    )
    learner = User.objects.get(email="ange@exemple.fr")
    complete(published, learner)
    certificate = Certificate.objects.get()
    assert certificate.snapshot["holder_name"] == "Ange tnegA"
    page = client.get(f"/verifier/{certificate.code}/").content.decode()
    assert "Ange tnegA" in page and "\u202e" not in page
    client.force_login(learner)
    token = client.get(f"/attestations/{certificate.code}/openbadge/").content.decode()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert "tnegA" in json.dumps(claims, ensure_ascii=False) and "\u202e" not in json.dumps(claims)


def test_a_name_stored_before_names_were_cleaned_is_frozen_clean(client, published, complete):
    """An account saved with U+202E before the fix (no data migration) still gets an attestation
    without it: the frozen snapshot cleans the names again."""
    learner = UserFactory(first_name="Ange", last_name="Agent", audiences=["parent"])
    User.objects.filter(pk=learner.pk).update(last_name="\u202etnegA")
    organisation = OrganisationFactory(name="Mairie \u2066de Coux\u2069")
    learner.refresh_from_db()
    complete(published, learner, organisation=organisation)
    snapshot = Certificate.objects.get().snapshot
    assert snapshot["holder_name"] == "Ange tnegA" and snapshot["issuer"]["organisation"] == "Mairie de Coux"
    assert "\u202e" not in json.dumps(snapshot, ensure_ascii=False)


def test_an_empty_code_gets_a_french_error(client):
    """/verifier/ sent with nothing typed says what to type, rather than the bare form again."""
    response = client.get("/verifier/", {"code": "  "})
    assert response.status_code == 400
    assert "Saisissez le code de vérification imprimé sur l'attestation." in page_text(response)
    assert "Saisissez le code" not in page_text(client.get("/verifier/"))  # first visit: no error


def test_codes_are_shown_in_groups_of_four_and_accepted_with_any_separator(client, issued):
    """4-4-4-4-4-4-2 on the page; dots, underscores, spaces or nothing between them all verify."""
    certificate, _learner, _manager = issued
    html = page_text(client.get(f"/verifier/{certificate.code}/"))
    groups = [certificate.code[start : start + 4] for start in range(0, 26, 4)]
    assert "-".join(groups) in html
    for typed in (".".join(groups), "_".join(groups).lower(), " ".join(groups), certificate.code.lower()):
        response = client.get("/verifier/", {"code": typed})
        assert response["Location"] == f"/verifier/{certificate.code}/", typed


def test_the_issuer_names_passerelle_once(client, issued):
    """A signatory named "L'équipe Passerelle" is not preceded by "Passerelle —" again."""
    certificate, _learner, _manager = issued
    certificate.snapshot["issuer"]["signatory_name"] = "L'équipe Passerelle"
    certificate.save(update_fields=["snapshot"])
    html = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Passerelle — L'équipe Passerelle" not in html
    assert "L'équipe Passerelle" in html
