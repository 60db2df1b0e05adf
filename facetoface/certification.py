"""What attendance feeds into courses and certificates, through the registries they offer
(DESIGN.md §2: neither imports facetoface). Registered in FacetofaceConfig.ready():

- the courses' "at least N hours attended" requirement (courses/completion_requirements.py);
- the hours attended shown on the course attestation (certificates/hours.py);
- the content of an attestation de présence, per registration (certificates/subjects.py).

After a session closes, or a mark of a closed session is corrected, one task
(facetoface.tasks.certify_session) issues the attestations and re-checks completion."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

SUBJECT_PREFIX = "facetoface.registration"
PARIS = ZoneInfo("Europe/Paris")


def hours_requirement_met(enrolments: list) -> set[int]:
    """Completion requirement provider: the ids of the enrolments whose person attended at least
    their course's `min_attended_hours`, over every session of the course. One query."""
    from facetoface.selectors import attended_hours_by_enrolment

    hours = attended_hours_by_enrolment(enrolments)
    return {
        enrolment.pk
        for enrolment in enrolments
        if hours.get(enrolment.pk, Decimal(0)) >= (enrolment.course.min_attended_hours or Decimal(0))
    }


def course_attended_hours(*, user, course) -> Decimal:
    """Hours provider of the course attestation: what this person attended in this course."""
    from facetoface.selectors import user_course_attended_hours

    return user_course_attended_hours(user_id=user.pk, course_id=course.pk)


def _paris_slot(slot: dict) -> dict:
    """One slot of presence_snapshot (ISO, UTC) as the certificates print it: Paris date and times."""
    start = datetime.fromisoformat(slot["start"]).astimezone(PARIS)
    end = datetime.fromisoformat(slot["end"]).astimezone(PARIS)
    return {
        "date": start.date().isoformat(),
        "start": f"{start.hour}:{start.minute:02d}",
        "end": f"{end.hour}:{end.minute:02d}",
    }


def _hours_text(hours: str) -> str:
    """ "3.50" -> "3.5", "3.00" -> "3": to the tenth of an hour, as the course attestation's
    hours (certificates/hours.py), without trailing zeros."""
    value = Decimal(hours).quantize(Decimal("0.1")).normalize()
    return format(value, "f")


def presence_subject(key: str):
    """Subject builder of "facetoface.registration:<id>": the attestation de présence of one
    registration of a closed session. None when the registration is gone, its session is not
    closed, or no slot was attended (nothing to attest)."""
    from certificates.subjects import Subject
    from facetoface.models import Registration
    from facetoface.selectors import presence_snapshot

    _prefix, _, raw_id = key.partition(":")
    if not raw_id.isdigit():
        return None
    registration = (
        Registration.objects.select_related("user", "session__course", "session__organiser")
        .filter(pk=int(raw_id))
        .first()
    )
    if registration is None or registration.session.closed_at is None:
        return None
    content = presence_snapshot(registration)
    if not Decimal(content["hours_attended"]):
        return None
    return Subject(
        user=registration.user,
        course=registration.session.course,
        snapshot={
            "holder_name": content["name"],
            "course_title": content["course_title"],
            "session_title": content["session_title"],
            "dates": [_paris_slot(slot) for slot in content["dates"]],  # ordered by start already
            "place": content["place"],
            "trainers": list(content["trainers"]),
            "attended_hours": _hours_text(content["hours_attended"]),
            "organisation": registration.session.organiser.name,
        },
    )


def register() -> None:
    from certificates.hours import register_hours_provider
    from certificates.subjects import register_subject
    from courses.completion_requirements import register_completion_requirement

    register_completion_requirement("facetoface.attended_hours", hours_requirement_met)
    register_hours_provider("facetoface.attended_hours", course_attended_hours)
    register_subject(SUBJECT_PREFIX, presence_subject)
