"""Who may take an attestation away: its holder, and the managers of the organisation that
enrolled them. Anyone else gets a 404, never a 403 (DESIGN.md §2). Verification is public and
needs no rule here."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from certificates.models import Certificate, normalise_code
from lms.accounts.models import User
from lms.organisations.models import Membership

# Staff screens in the Wagtail admin: superusers, or a group given this permission.
STAFF_PERMISSION = "certificates.change_certificate"


def may_download(user: User, certificate: Certificate) -> bool:
    """The holder, or a manager of the organisation the enrolment is attached to."""
    if certificate.user_id == user.pk:
        return True
    enrolment = certificate.enrolment
    if enrolment is None or enrolment.organisation_id is None:
        return False
    return Membership.objects.current().managers().filter(user=user, organisation_id=enrolment.organisation_id).exists()


def access_certificate_pdf(user: User, code: str) -> Certificate:
    """An attestation that is not revoked, for its PDF."""
    certificate = (
        Certificate.objects.select_related("enrolment")
        .filter(code=normalise_code(code) or "", revoked_at__isnull=True)
        .first()
    )
    if certificate is None or not may_download(user, certificate):
        raise Http404
    return certificate


def access_certificate_badge(user: User, code: str) -> Certificate:
    """A live attestation (neither revoked nor superseded), for its Open Badges credential."""
    certificate = (
        Certificate.objects.select_related("enrolment", "course", "user")
        .filter(code=normalise_code(code) or "", revoked_at__isnull=True, superseded_by__isnull=True)
        .first()
    )
    if certificate is None or not may_download(user, certificate):
        raise Http404
    return certificate


def access_own_certificate(user: User, code: str) -> Certificate:
    """One of this person's own attestations, for its renewal; a manager may not renew it."""
    certificate = (
        Certificate.objects.select_related("enrolment__course")
        .filter(code=normalise_code(code) or "", user=user)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def may_manage_certificates(user: User) -> bool:
    return user.has_perm(STAFF_PERMISSION)


def access_staff_certificate(user: User, certificate_id: int) -> Certificate:
    """Any attestation, for staff who may revoke and re-issue; anyone else gets a 404."""
    if not may_manage_certificates(user):
        raise Http404
    return get_object_or_404(
        Certificate.objects.select_related("course", "template", "superseded_by", "revoked_by", "enrolment"),
        pk=certificate_id,
    )
