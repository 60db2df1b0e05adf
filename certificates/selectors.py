"""Reads for the attestation pages: public verification, the learner's list, the staff list and
history. Each owns its select_related, so that the pages cost fixed queries."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from certificates.models import Certificate, CertificateEvent, CertificateKind, CertificateStatus
from courses.models import Course, Enrolment, EnrolmentStatus
from lms.accounts.models import User
from lms.organisations.models import Organisation
from lms.organisations.selectors import territory_level_key


def certificate_for_verification(code: str) -> Certificate | None:
    """The attestation with this canonical code, whatever its state: the page says which."""
    return Certificate.objects.select_related("superseded_by").filter(code=code).first()


def holder_certificates(user: User) -> list[Certificate]:
    """What the learner keeps, newest first, with the enrolment that a renewal restarts: one query."""
    return list(
        Certificate.objects.shown_to_holder()
        .filter(user=user)
        .select_related("enrolment__course")
        .order_by("-issued_at", "-pk")
    )


def holder_awaited_certificates(user: User) -> list[Enrolment]:
    """The person's finished cycles whose attestation the worker has not issued yet (the few
    seconds after finishing a course): one query, shown as "en préparation" meanwhile."""
    issued = Certificate.objects.current().filter(enrolment=OuterRef("pk"), cycle=OuterRef("cycle"))
    return list(
        Enrolment.objects.filter(user=user, status=EnrolmentStatus.COMPLETED)
        .exclude(Exists(issued))
        .select_related("course")
        .order_by("-completed_at", "-pk")
    )


def staff_certificates(
    *, course_id: int | None = None, organisation_id: int | None = None, status: str = "", query: str = ""
) -> QuerySet[Certificate]:
    """The staff list, newest first, filtered by course, organisation, status (any other value
    keeps them all), and a code or part of the holder's name."""
    certificates = Certificate.objects.select_related("course", "enrolment__organisation").order_by("-issued_at", "-pk")
    if course_id is not None:
        certificates = certificates.filter(course_id=course_id)
    if organisation_id is not None:
        certificates = certificates.filter(enrolment__organisation_id=organisation_id)
    certificates = certificates.with_status(status)
    if query:
        code = query.replace(" ", "").replace("-", "").upper()
        certificates = certificates.filter(Q(code=code) | Q(snapshot__holder_name__icontains=query))
    return certificates


def courses_with_certificates() -> QuerySet[Course]:
    return Course.objects.filter(certificates__isnull=False).distinct().order_by("title")


def organisations_with_certificates() -> QuerySet[Organisation]:
    return Organisation.objects.filter(enrolments__certificates__isnull=False).distinct().order_by("name")


def certificate_events(certificate: Certificate) -> QuerySet[CertificateEvent]:
    """The attestation's history, with who acted and the attestation each event points to."""
    return certificate.events.select_related("actor", "related")


def territory_certified_counts(level: str | None, *, by_audience: bool) -> list[dict]:
    """For the territorial dashboards: per territory of `level` (None: the nation, key None),
    distinct people holding a valid course attestation, counted through the organisation that
    followed the enrolment (as courses.selectors.territory_training_counts); by audience of the
    course or for all. One query. Rows: {"territory", ["audience"], "certified"}."""
    rows_filter, key = territory_level_key("enrolment__organisation__territory", level)
    certificates = Certificate.objects.with_status(CertificateStatus.VALID).filter(
        rows_filter, kind=CertificateKind.COURSE
    )
    counts = {"certified": Count("user", distinct=True)}
    group: dict = {"territory": key} if key is not None else {}
    if by_audience:
        group["audience"] = F("course__audiences")
    if not group:
        return [{"territory": None, **certificates.aggregate(**counts)}]
    rows = certificates.values(**group).annotate(**counts).order_by()
    return [{"territory": None, **row} if key is None else row for row in rows]
