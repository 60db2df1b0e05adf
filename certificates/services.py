"""Issuing attestations and rendering their PDFs.

The chain (DESIGN.md §2): course completion calls `on_course_completed` inside the completing
transaction; it only enqueues `certificates.tasks.issue` on commit. `certificate_issue` creates
the one current attestation of the (enrolment, cycle) — the database refuses a second — with
its frozen snapshot and the e-mail in the outbox, then enqueues the PDF. A reconciliation
schedule issues whatever a crash between commit and enqueue left behind, and retries PDFs."""

import copy
import hashlib
import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateKind,
    CertificateTemplate,
    PdfStatus,
)
from certificates.reminders import expiring_cancel
from certificates.rendering import certificate_pdf
from certificates.renewal import RENEWAL_WINDOW, certificate_renewable, renewal_opens_on  # noqa: F401
from certificates.snapshots import (  # noqa: F401  (re-exported for callers and tests)
    PLACEHOLDERS,
    add_months,
    duration_text,
    fill_placeholders,
    presence_snapshot,
    snapshot_of,
    template_for,
    template_for_person,
    template_snapshot,
    verification_url,
)
from certificates.subjects import subject_build
from courses.models import Enrolment, EnrolmentStatus
from courses.services.enrolments import enrolment_new_cycle
from lms.accounts.models import User
from lms.accounts.names import clean_name

logger = logging.getLogger(__name__)

MAX_PDF_ATTEMPTS = 10
RECONCILE_BATCH = 500
RECONCILE_GRACE = timedelta(minutes=1)  # leave the normal path its chance first


def on_course_completed(*, enrolment: Enrolment) -> None:
    """Completion listener, run inside the completing transaction: enqueue the issue on commit."""
    enrolment_id, cycle = enrolment.pk, enrolment.cycle
    transaction.on_commit(lambda: enqueue("certificates.tasks.issue", enrolment_id, cycle))


def enqueue(func: str, *args: object) -> None:
    """Hand work to the default cluster. If the broker is unreachable, the reconciliation
    schedule does it later: nothing is lost."""
    from django_q.tasks import async_task

    try:
        async_task(func, *args, task_name=f"{func}:{':'.join(map(str, args))}")
    except Exception:
        logger.exception("Could not enqueue %s%s; reconciliation will catch up.", func, args)


def certificate_issue(*, enrolment_id: int, cycle: int) -> Certificate | None:
    """The current attestation of this (enrolment, cycle), created if the cycle is complete.
    Repeated or concurrent calls return the same one; exactly one e-mail is queued."""
    existing = Certificate.objects.current().filter(enrolment_id=enrolment_id, cycle=cycle).first()
    if existing is not None:
        return existing
    enrolment = (
        Enrolment.objects.select_related("user", "course", "organisation")
        .filter(pk=enrolment_id, cycle=cycle, status=EnrolmentStatus.COMPLETED)
        .first()
    )
    if enrolment is None:
        return None  # withdrawn, or a new cycle started: nothing to issue for this one
    template = template_for(enrolment)
    now = timezone.now()
    issued_on = timezone.localdate(now)
    months = enrolment.course.certificate_validity_months
    expires_on = add_months(issued_on, months) if months else None
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                enrolment=enrolment,
                cycle=cycle,
                user=enrolment.user,
                course=enrolment.course,
                template=template,
                issued_at=now,
                expires_on=expires_on,
                snapshot=snapshot_of(enrolment, template, issued_on, expires_on),
            )
            # A new cycle's attestation replaces those of the earlier cycles (renewal).
            earlier = Certificate.objects.filter(
                enrolment=enrolment, cycle__lt=cycle, superseded_by__isnull=True, revoked_at__isnull=True
            )
            previous_ids = []
            for previous in earlier:
                _event(previous, CertificateEventKind.RENEWED, enrolment.user, related=certificate)
                previous_ids.append(previous.pk)
            earlier.update(superseded_by=certificate)
            expiring_cancel(previous_ids)
            _event(certificate, CertificateEventKind.ISSUED, None)
            _after_issue(certificate)
    except IntegrityError:
        # Another worker issued it between our check and our insert: theirs is the one.
        return Certificate.objects.current().get(enrolment_id=enrolment_id, cycle=cycle)
    return certificate


def certificate_issue_for_subject(*, kind: str, subject_key: str) -> Certificate | None:
    """The current attestation of this subject (an attestation de présence for the key
    "facetoface.registration:42"), created from the registered builder's snapshot if there is
    none (certificates/subjects.py). Repeated or concurrent calls return the same one, with one
    e-mail: the database refuses a second current attestation of a subject. None when the
    builder says there is nothing to attest. The PDF follows through the same task as for
    course attestations."""
    if kind == CertificateKind.COURSE or not subject_key:
        raise ValueError("Course attestations are issued per enrolment and cycle (certificate_issue).")
    existing = Certificate.objects.current().filter(kind=kind, subject_key=subject_key).first()
    if existing is not None:
        return existing
    subject = subject_build(subject_key)
    if subject is None:
        return None
    template = template_for_person(subject.user, subject.course)
    now = timezone.now()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                kind=kind,
                subject_key=subject_key,
                enrolment=None,
                cycle=1,  # cycles belong to enrolments; a presence is attested once
                user=subject.user,
                course=subject.course,
                template=template,
                issued_at=now,
                expires_on=None,
                snapshot=presence_snapshot(subject.snapshot, template, timezone.localdate(now)),
            )
            _event(certificate, CertificateEventKind.ISSUED, None)
            _after_issue(certificate)
    except IntegrityError:
        # Another worker issued it between our check and our insert: theirs is the one.
        return Certificate.objects.current().get(kind=kind, subject_key=subject_key)
    return certificate


def _after_issue(certificate: Certificate) -> None:
    """The holder's e-mail through the outbox, and the PDF once the transaction commits."""
    from lms.notifications.services.outbox import outbox_enqueue

    if certificate.user is not None:
        outbox_enqueue(recipient=certificate.user, kind="certificates.issued", obj=certificate)
    transaction.on_commit(lambda: enqueue("certificates.tasks.render", certificate.pk))


def certificate_render(*, certificate_id: int) -> bool:
    """Render and store the PDF. A failure leaves the attestation valid and its PDF pending:
    the reconciliation schedule tries again, up to MAX_PDF_ATTEMPTS."""

    certificate = Certificate.objects.filter(pk=certificate_id, pdf_status=PdfStatus.PENDING).first()
    if certificate is None:
        return False
    try:
        data = certificate_pdf(
            snapshot=certificate.snapshot, code=certificate.code, verify_url=verification_url(certificate.code)
        )
    except Exception as error:
        logger.exception("Rendering the PDF of certificate %s failed.", certificate.pk)
        Certificate.objects.filter(pk=certificate.pk).update(
            pdf_attempts=certificate.pdf_attempts + 1, pdf_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return False
    storage = certificate.pdf.storage
    name = storage.save(f"attestations/{certificate.code}.pdf", ContentFile(data))
    stored = Certificate.objects.filter(pk=certificate.pk, pdf_status=PdfStatus.PENDING).update(
        pdf=name,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        pdf_status=PdfStatus.READY,
        pdf_attempts=certificate.pdf_attempts + 1,
        pdf_error="",
    )
    if not stored:  # rendered meanwhile by another worker: keep theirs
        storage.delete(name)
    return bool(stored)


def certificates_reconcile() -> dict[str, int]:
    """Issue what a crash left behind (completed cycles without a current attestation), and
    retry pending PDFs. Set-based: one query finds each kind of work."""
    settled = timezone.now() - RECONCILE_GRACE
    current = Certificate.objects.current().filter(enrolment=OuterRef("pk"), cycle=OuterRef("cycle"))
    missing = list(
        Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED, completed_at__lt=settled)
        .exclude(Exists(current))
        .values_list("pk", "cycle")[:RECONCILE_BATCH]
    )
    issued = sum(1 for enrolment_id, cycle in missing if certificate_issue(enrolment_id=enrolment_id, cycle=cycle))
    pending = list(
        Certificate.objects.filter(
            pdf_status=PdfStatus.PENDING, pdf_attempts__lt=MAX_PDF_ATTEMPTS, issued_at__lt=settled
        ).values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    rendered = sum(1 for certificate_id in pending if certificate_render(certificate_id=certificate_id))
    return {"issued": issued, "rendered": rendered, "pending": len(pending) - rendered}


# --- Lifecycle: revocation, re-issue, renewal (DESIGN.md §2: one current attestation per cycle) ---


def _event(
    certificate: Certificate, kind: str, actor: User | None, reason: str = "", related: Certificate | None = None
) -> None:
    CertificateEvent.objects.create(certificate=certificate, kind=kind, actor=actor, reason=reason, related=related)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Withdraw an attestation. It stays on record and its page says "révoquée", with the reason;
    its holder is told by e-mail, with the reason, through the outbox."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif : il s'affiche sur la page de vérification.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at:
        raise ValidationError(_("Cette attestation est déjà révoquée."))
    if locked.superseded_by_id:
        raise ValidationError(_("Cette attestation a été remplacée : révoquez plutôt celle qui la remplace."))
    locked.revoked_at, locked.revoked_by, locked.revocation_reason = timezone.now(), by, reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    _event(locked, CertificateEventKind.REVOKED, by, reason)
    expiring_cancel([locked.pk])
    if locked.user_id is not None:
        from lms.notifications.services.outbox import outbox_enqueue

        outbox_enqueue(recipient=locked.user, kind="certificates.revoked", obj=locked)
    return locked


@transaction.atomic
def certificate_reissue(
    *,
    certificate: Certificate,
    by: User,
    reason: str,
    holder_name: str = "",
    template: CertificateTemplate | None = None,
) -> Certificate:
    """Correct the name or the template: a new attestation of the same cycle replaces the old one,
    which then verifies as "remplacée" with a link to its successor. Dates and score stay. An
    attestation de présence is described again by its subject's builder (a corrected mark
    changes its hours)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de la correction.")})
    old = Certificate.objects.select_for_update(of=("self",)).select_related("template").get(pk=certificate.pk)
    if old.revoked_at or old.superseded_by_id or not old.is_current:
        raise ValidationError(_("Seule une attestation en vigueur, ni révoquée ni remplacée, peut être réémise."))
    template = template or old.template
    if old.kind != CertificateKind.COURSE:
        snapshot = _presence_resnapshot(old, template)
        holder_name = clean_name(holder_name) or snapshot["holder_name"]
        snapshot["holder_name"] = holder_name
    else:
        snapshot = copy.deepcopy(old.snapshot)
        holder_name = clean_name(holder_name) or snapshot["holder_name"]
        snapshot["holder_name"] = holder_name
        snapshot["issued_on"] = timezone.localdate().isoformat()
    if template is not None and old.kind == CertificateKind.COURSE:
        values = {
            "nom": holder_name,
            "formation": snapshot["course_title"],
            "duree": duration_text(snapshot.get("duration_minutes")),
            "date": date.fromisoformat(snapshot["completed_on"]).strftime("%d/%m/%Y"),
            "organisation": snapshot["issuer"].get("organisation") or "",
        }
        snapshot["template"] = template_snapshot(template, values)
        snapshot["issuer"] = {
            **snapshot["issuer"],
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        }
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = Certificate.objects.create(
        kind=old.kind,
        subject_key=old.subject_key,
        enrolment=old.enrolment,
        cycle=old.cycle,
        user=old.user,
        course=old.course,
        template=template,
        expires_on=old.expires_on,
        snapshot=snapshot,
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    _event(old, CertificateEventKind.REISSUED, by, reason, related=new)
    _event(new, CertificateEventKind.ISSUED, by, reason, related=old)
    _after_issue(new)
    return new


def _presence_resnapshot(old: Certificate, template: CertificateTemplate | None) -> dict:
    """A presence attestation re-issued: its builder describes the subject again (a corrected
    mark changes the hours); if the subject is gone, the old content stays, re-dated."""
    try:
        subject = subject_build(old.subject_key)
    except LookupError:
        subject = None
    content = subject.snapshot if subject is not None else copy.deepcopy(old.snapshot)
    return presence_snapshot(content, template, timezone.localdate())


@transaction.atomic
def certificate_renew(*, certificate: Certificate, user: User) -> Enrolment:
    """Start a new cycle of the course: progress starts fresh, the history of earlier cycles stays,
    and the attestation stays valid until its date. Completing the cycle issues a new attestation
    that replaces this one."""
    locked = (
        Certificate.objects.select_for_update(of=("self",)).select_related("enrolment__course").get(pk=certificate.pk)
    )
    if locked.user_id != user.pk or not certificate_renewable(locked):
        raise ValidationError(_("Cette attestation ne peut pas être renouvelée pour l'instant."))
    enrolment = enrolment_new_cycle(enrolment=locked.enrolment)
    _event(locked, CertificateEventKind.RENEWED, user)
    expiring_cancel([locked.pk])
    return enrolment
