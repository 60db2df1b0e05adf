"""Demo training figures for the territorial dashboards (issue 28): teachers of the demo schools
in six Ardèche communes enrolled in a teachers' course over the last year, some done, so that the
Ardèche page shows several communes, a quarterly trend and at least one suppressed cell (a
school of 3 people); then the summary refresh, as the nightly task does. Idempotent: people and
enrolments are found by their login before they are created."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Course, Enrolment, EnrolmentStatus
from dashboards.services.refresh import dashboards_refresh
from lms.accounts.models import User
from lms.audiences import AudienceCode
from lms.organisations.models import Organisation

# (rank of the school among the demo schools, largest commune first; enrolled; completed)
PLAN = [(0, 14, 8), (1, 9, 5), (2, 7, 2), (3, 3, 1), (4, 6, 4), (5, 11, 3)]
FIRST_NAMES = ["Camille", "Lucas", "Inès", "Hugo", "Léa", "Nathan", "Chloé", "Louis", "Emma", "Jules", "Manon"]


@transaction.atomic
def demo_dashboards_load() -> str:
    course = (
        Course.objects.filter(is_published=True, audiences=AudienceCode.TEACHER).order_by("pk").first()
        or Course.objects.filter(is_published=True).order_by("pk").first()
    )
    schools = list(
        Organisation.objects.filter(slug__startswith="ecole-publique-")
        .select_related("territory")
        .order_by("-territory__population", "slug")[: len(PLAN)]
    )
    created = 0
    if course is not None:
        now = timezone.now()
        for rank, enrolled, completed in PLAN:
            if rank >= len(schools):
                break
            school = schools[rank]
            for index in range(enrolled):
                login_id = f"demo-formation-{school.territory.code}-{index + 1}"
                user = User.objects.filter(login_id=login_id).first()
                if user is None:
                    user = User.objects.create_user(
                        email=None,
                        password=None,
                        first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                        last_name=f"Enseignant {index + 1}",
                        login_id=login_id,
                    )
                    user.audiences.add(AudienceCode.TEACHER)
                if Enrolment.objects.filter(user=user, course=course).exists():
                    continue
                # Spread over the last four quarters, so that the trend has a shape.
                enrolled_at = now - timedelta(days=20 + 90 * (index % 4))
                done = index < completed
                Enrolment.objects.create(
                    user=user,
                    course=course,
                    organisation=school,
                    enrolled_at=enrolled_at,
                    status=EnrolmentStatus.COMPLETED if done else EnrolmentStatus.ACTIVE,
                    completed_at=enrolled_at + timedelta(days=15) if done else None,
                )
                created += 1
    rows = dashboards_refresh()
    return f"Demo dashboards: {created} enrolment(s) in demo schools; summary refreshed ({rows} figures)."
