"""What an attestation shows, frozen at issue (STYLE.md §5): the snapshot, the template's filled
body, the verification address. Pure reads, below services.py and rendering.py, which both use
them."""

import calendar
from datetime import date

from django.conf import settings
from django.db.models import Avg, Max
from django.urls import reverse
from django.utils import timezone

from certificates.hours import attended_hours
from certificates.models import CertificateTemplate
from courses.models import Enrolment, QuizAttempt
from lms.accounts.names import clean_name

PLACEHOLDERS = ("nom", "formation", "duree", "date", "organisation")


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def template_for(enrolment: Enrolment) -> CertificateTemplate | None:
    return template_for_person(enrolment.user, enrolment.course)


def template_for_person(user, course) -> CertificateTemplate | None:
    """The default template of the person's audience among the course's, else of the course's
    first audience, else the one for every audience."""
    defaults = {template.audience: template for template in CertificateTemplate.objects.filter(is_default=True)}
    course_audiences = [audience.code for audience in course.audiences.all()]
    person_audiences = {audience.code for audience in user.audiences.all()}
    ordered = [code for code in course_audiences if code in person_audiences] + course_audiences + [""]
    return next((defaults[code] for code in ordered if code in defaults), None)


def duration_text(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def hours_text(hours) -> str | None:
    """Hours as the snapshot keeps them: "3.5", "7" (JSON has no decimals), None for zero."""
    if not hours:
        return None
    text = format(hours.normalize(), "f") if hasattr(hours, "normalize") else str(hours)
    return text


def fill_placeholders(body: str, values: dict[str, str]) -> str:
    """Replace {nom}, {formation}… without str.format: a stray brace typed by staff stays as is."""
    for name in PLACEHOLDERS:
        body = body.replace("{" + name + "}", values.get(name, ""))
    return body.replace(" ()", "")  # "({duree})" for a course without a duration


def snapshot_of(enrolment: Enrolment, template: CertificateTemplate | None, issued_on: date, expires_on) -> dict:
    """Everything the attestation shows, frozen now."""
    user, course = enrolment.user, enrolment.course
    completed_on = timezone.localdate(enrolment.completed_at) if enrolment.completed_at else issued_on
    best = (
        QuizAttempt.objects.filter(enrolment=enrolment, cycle=enrolment.cycle)
        .values("module")
        .annotate(best=Max("score"))
        .aggregate(average=Avg("best"))["average"]
    )
    # Names are cleaned where they are typed; cleaning again here covers those stored before.
    holder = clean_name(user.get_full_name()) or user.email or user.login_id
    organisation = clean_name(enrolment.organisation.name) if enrolment.organisation is not None else None
    values = {
        "nom": holder,
        "formation": course.title,
        "duree": duration_text(course.estimated_minutes),
        "date": completed_on.strftime("%d/%m/%Y"),
        "organisation": organisation or "",
    }
    return {
        "holder_name": holder,
        "course_title": course.title,
        "course_version": course.content_version,
        "duration_minutes": course.estimated_minutes or None,
        # Hours attended in person, from the registered providers; None when there are none.
        "attended_hours": hours_text(attended_hours(user=user, course=course)),
        "completed_on": completed_on.isoformat(),
        "score": round(best) if best is not None else None,
        "issued_on": issued_on.isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else None,
        "issuer": {
            "organisation": organisation,
            "signatory_name": template.signatory_name if template else "",
            "signatory_title": template.signatory_title if template else "",
        },
        "template": template_snapshot(template, values),
    }


def template_snapshot(template: CertificateTemplate | None, values: dict[str, str]) -> dict:
    """The template as the attestation shows it: the body with its placeholders filled."""
    return {
        "id": template.pk if template else None,
        "title": template.title if template else "",
        "body": fill_placeholders(template.body, values) if template else "",
        "primary_color": template.primary_color if template else "#1d4e89",
        "accent_color": template.accent_color if template else "#b34700",
        "logo": template.logo.file.name if template and template.logo is not None else None,
    }


def presence_snapshot(subject_snapshot: dict, template: CertificateTemplate | None, issued_on: date) -> dict:
    """An attestation de présence: what its builder froze (certificates/subjects.py), with the
    issue date, the signatory and the template's colours and logo. The template's body speaks of
    a finished course, so it is left out."""
    dates = subject_snapshot.get("dates") or []
    organisation = subject_snapshot.get("organisation") or None
    snapshot = {
        **subject_snapshot,
        "kind": "presence",
        "holder_name": clean_name(subject_snapshot["holder_name"]),
        "organisation": organisation,
        "completed_on": dates[-1]["date"] if dates else issued_on.isoformat(),
        "issued_on": issued_on.isoformat(),
        "expires_on": None,  # a presence is a fact: it never expires
        "issuer": {
            "organisation": organisation,
            "signatory_name": template.signatory_name if template else "",
            "signatory_title": template.signatory_title if template else "",
        },
        "template": {**template_snapshot(template, {}), "body": ""},
    }
    return snapshot
