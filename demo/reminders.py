"""Demo enrolments that make the reminders visible as soon as the worker starts: the mayor has
enrolled agent@exemple.fr in the Ardèche course, due in three days (a due-soon e-mail), and
Julien Faure, due five days ago (an overdue e-mail, and an entry in the mayor's weekly digest)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Course, Enrolment
from courses.services.enrolments import organisation_enrol
from lms.accounts.models import User
from lms.organisations.models import Organisation

COURSE_SLUG = "ateliers-numeriques-familles-commune-rurale-ardeche"
COMMUNE = "mairie-de-privas"
DUE = {"agent@exemple.fr": 3, "dgs@mairie-privas.exemple.fr": -5}


@transaction.atomic
def demo_reminder_enrolments() -> str:
    course = Course.objects.filter(url__endswith=f"/{COURSE_SLUG}/", is_published=True).first()
    organisation = Organisation.objects.filter(slug=COMMUNE).first()
    mayor = User.objects.filter(email__iexact="maire@exemple.fr").first()
    if course is None or organisation is None or mayor is None:
        return "Demo reminders: skipped (course, commune or mayor missing)."
    created = 0
    for email, days in DUE.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None or Enrolment.objects.filter(user=user, course=course).exists():
            continue
        due_on = timezone.localdate() + timedelta(days=days)
        report = organisation_enrol(organisation=organisation, manager=mayor, users=[user], course=course)
        Enrolment.objects.filter(pk__in=[e.pk for e in report.created]).update(
            due_on=due_on, last_activity_at=timezone.now()
        )
        created += len(report.created)
    return f"Demo reminders: {created} dated enrolment(s) in « {course.title} »."
