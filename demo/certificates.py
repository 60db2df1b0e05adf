"""A demo attestation that has expired, so that renewal can be tried from `make run`:
Élie Enseignant finished "Concevoir une séance avec le numérique" 26 months ago, and its
attestation, valid 24 months, expired two months ago."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, CertificateEvent, CertificateEventKind
from certificates.services import add_months, certificate_render, snapshot_of, template_for
from courses.models import Course, Enrolment, EnrolmentStatus, ModuleCompletion
from lms.accounts.models import User

LEARNER = "enseignant@exemple.fr"
COURSE_SLUG = "concevoir-une-seance-avec-le-numerique"
AGE = timedelta(days=26 * 30)
VALIDITY_MONTHS = 24


@transaction.atomic
def demo_expired_certificate() -> str:
    user = User.objects.filter(email__iexact=LEARNER).first()
    course = Course.objects.filter(url__endswith=f"/{COURSE_SLUG}/", is_published=True).first()
    if user is None or course is None:
        return "Demo certificate: skipped (learner or course missing)."
    if Certificate.objects.filter(user=user, course=course).exists():
        return "Demo certificate: already present."
    finished_at = timezone.now() - AGE
    enrolment, _created = Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "status": EnrolmentStatus.COMPLETED,
            "enrolled_at": finished_at - timedelta(days=10),
            "completed_at": finished_at,
            "course_version": course.content_version,
            "seen_version": course.content_version,
        },
    )
    if enrolment.status != EnrolmentStatus.COMPLETED or enrolment.cycle != 1:
        return "Demo certificate: skipped (the demo learner is already taking the course)."
    ModuleCompletion.objects.bulk_create(
        [
            ModuleCompletion(enrolment=enrolment, cycle=1, module=module, completed_at=finished_at)
            for module in course.modules.filter(is_published=True, is_required=True)
        ],
        ignore_conflicts=True,
    )
    template = template_for(enrolment)
    issued_on = timezone.localdate(finished_at)
    expires_on = add_months(issued_on, VALIDITY_MONTHS)
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        cycle=1,
        user=user,
        course=course,
        template=template,
        issued_at=finished_at,
        expires_on=expires_on,
        snapshot=snapshot_of(enrolment, template, issued_on, expires_on),
    )
    CertificateEvent.objects.create(certificate=certificate, kind=CertificateEventKind.ISSUED, created_at=finished_at)
    transaction.on_commit(lambda: certificate_render(certificate_id=certificate.pk))
    return f"Demo certificate: {user.email}'s attestation for « {course.title} », expired on {expires_on}."
