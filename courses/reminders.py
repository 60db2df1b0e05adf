"""Reminder sweeps over enrolments (DESIGN.md §2: they live with the data they read).

Each sweep selects, with a fixed number of set-based queries, the enrolments for which an e-mail
is due today, and hands them to `outbox_fill`, whose unique key makes every run idempotent:

- due date coming: 14 days before ("j-14", from 14 to 4 days left) and 3 days before ("j-3");
- overdue: the day after ("retard-1"), then weekly ("retard-2", "retard-3"), three at most; after
  a long outage only the latest step is sent, never a burst;
- inactivity: enrolled, not finished, nothing done for 14 days ("inactif-1"), then 28 ("inactif-2");
- the weekly digest for each manager of an organisation with someone overdue or newly finished;
- new courses for the person's audience, for those who asked for it, weekly.

Pending reminders about an enrolment are cancelled as soon as it is completed or withdrawn
(`reminders_cancel`), and each e-mail checks again at send time that its reason still holds."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Course, Enrolment
from courses.reminder_kinds import DUE_SOON, ENROLMENT_KINDS, ENROLMENT_TYPE, INACTIVE, OVERDUE
from courses.selectors import user_territory_ids
from lms.accounts.models import User
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.notifications.services.sweeps import accepting, as_outbox_rows, outbox_cancel_reminders, outbox_fill
from lms.organisations.models import Membership, Organisation

DIGEST = "courses.manager_digest"
NEW_COURSES = "courses.new_courses"
INACTIVITY = timedelta(days=14)
NEW_COURSE_WINDOW = timedelta(days=7)
DIGEST_WINDOW = timedelta(days=7)  # the digest names those who finished since the last one


def _reachable(queryset):
    return queryset.filter(user__is_active=True, user__email__isnull=False).exclude(user__email="")


def sweep_enrolments(now: datetime | None = None) -> dict[str, int]:
    """Due-date, overdue and inactivity reminders: two INSERT … SELECT statements whatever the
    number of enrolments, one for the date steps (a Case picks each enrolment's step: the
    windows do not overlap) and one for inactivity."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    active = _reachable(Enrolment.objects.active().filter(course__is_published=True)).filter(accepting("rappels"))

    def day(offset: int):
        return today + timedelta(days=offset)

    date_step = Case(
        When(due_on__gt=day(3), due_on__lte=day(14), then=Value("j-14")),
        When(due_on__gt=today, due_on__lte=day(3), then=Value("j-3")),
        When(due_on__lt=today, due_on__gte=day(-7), then=Value("retard-1")),
        When(due_on__lt=day(-7), due_on__gte=day(-14), then=Value("retard-2")),
        When(due_on__lt=day(-14), then=Value("retard-3")),
        output_field=CharField(),
    )
    dated = active.filter(due_on__lte=day(14)).exclude(due_on=today)  # a NULL due date is in no window
    date_kind = Case(When(due_on__gt=today, then=Value(DUE_SOON)), default=Value(OVERDUE), output_field=CharField())
    seen = Coalesce("last_activity_at", "enrolled_at")
    inactive = active.alias(seen=seen).filter(seen__lte=now - INACTIVITY)
    inactive_step = Case(
        When(seen__gt=now - 2 * INACTIVITY, then=Value("inactif-1")),
        default=Value("inactif-2"),
        output_field=CharField(),
    )
    fills = [
        ("dates", [DUE_SOON, OVERDUE], dated, date_kind, date_step),
        ("inactivity", [INACTIVE], inactive, Value(INACTIVE), inactive_step),
    ]
    counts = {}
    for name, kinds, queryset, kind, step in fills:
        rows = as_outbox_rows(
            queryset,
            recipient="user_id",
            email="user__email",
            object_id="pk",
            kind=kind,
            step=step,
            object_type=ENROLMENT_TYPE,
            kinds=kinds,
        )
        counts[name] = outbox_fill(rows, kinds=kinds, object_type=ENROLMENT_TYPE, now=now)
    return counts


def iso_week(now: datetime) -> str:
    year, week, _day = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def sweep_manager_digests(now: datetime | None = None) -> int:
    """One digest a week for each manager whose organisation has someone overdue or newly
    finished; nothing for the others."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    followed = Enrolment.objects.filter(organisation=OuterRef("organisation"), user__memberships__end_on__isnull=True)
    overdue = followed.overdue(today)
    finished = followed.completed_since(now - DIGEST_WINDOW)
    managers = (
        _reachable(Membership.objects.current().managers())
        .filter(Q(Exists(overdue)) | Q(Exists(finished)))
        .filter(accepting("suivi"))
    )
    rows = as_outbox_rows(
        managers,
        recipient="user_id",
        email="user__email",
        object_id="organisation_id",
        kind=DIGEST,
        step=iso_week(now),
        object_type="organisations.organisation",
    )
    return outbox_fill(rows, kinds=[DIGEST], object_type="organisations.organisation", now=now)


def sweep_new_courses(now: datetime | None = None) -> int:
    """For those who asked, once a week: the courses published for their audience in the last
    seven days (the territory is checked when the e-mail is built)."""
    now = now or timezone.now()
    recent = Course.objects.published().filter(first_published_at__gte=now - NEW_COURSE_WINDOW)
    for_audience = recent.filter(Q(audiences__isnull=True) | Q(audiences__in=OuterRef("audiences")))
    people = (
        User.objects.filter(is_active=True, email__isnull=False)
        .exclude(email="")
        .filter(accepting("nouveautes", user_path=""))
        .filter(Exists(for_audience))
    )
    rows = as_outbox_rows(
        people, recipient="pk", email="email", object_id=None, kind=NEW_COURSES, step=iso_week(now), object_type=""
    )
    return outbox_fill(rows, kinds=[NEW_COURSES], object_type="", now=now)


def reminders_sweep() -> dict:
    now = timezone.now()
    counts = sweep_enrolments(now)
    counts[DIGEST] = sweep_manager_digests(now)
    counts[NEW_COURSES] = sweep_new_courses(now)
    return counts


def reminders_cancel(enrolment_ids: list[int]) -> int:
    return outbox_cancel_reminders(kinds=ENROLMENT_KINDS, object_type=ENROLMENT_TYPE, object_ids=enrolment_ids)


# --- E-mail contexts, built at send time --------------------------------------------------------


def _active_enrolment(message: OutboxMessage) -> Enrolment:
    enrolment = Enrolment.objects.select_related("course", "organisation").active().filter(pk=message.object_id).first()
    if enrolment is None:
        raise MessageObsolete("The enrolment was completed or withdrawn before the reminder left.")
    return enrolment


def enrolment_reminder_context(message: OutboxMessage) -> dict:
    enrolment = _active_enrolment(message)
    today = timezone.localdate()
    if message.kind in (DUE_SOON, OVERDUE):
        if enrolment.due_on is None:
            raise MessageObsolete("The due date was removed.")
        if message.kind == DUE_SOON and enrolment.due_on < today:
            raise MessageObsolete("The due date passed before the reminder left.")
    return {
        "enrolment": enrolment,
        "course_url": settings.SITE_URL + (enrolment.course.url or "/mon-espace/"),
        "days_left": (enrolment.due_on - today).days if enrolment.due_on else None,
        "days_late": (today - enrolment.due_on).days if enrolment.due_on else None,
    }


def digest_context(message: OutboxMessage) -> dict:
    organisation = Organisation.objects.filter(pk=message.object_id).first()
    if (
        organisation is None
        or not Membership.objects.current()
        .managers()
        .filter(organisation=organisation, user=message.recipient_id)
        .exists()
    ):
        raise MessageObsolete("No longer a manager of this organisation.")
    today, now = timezone.localdate(), timezone.now()
    followed = (
        Enrolment.objects.filter(organisation=organisation, user__memberships__organisation=organisation)
        .filter(user__memberships__end_on__isnull=True)
        .select_related("user", "course")
        .order_by("user__last_name", "user__first_name")
    )
    overdue = list(followed.overdue(today)[:50])
    finished = list(followed.completed_since(now - DIGEST_WINDOW)[:50])
    if not overdue and not finished:
        raise MessageObsolete("Nothing to say this week.")
    return {
        "organisation": organisation,
        "overdue": overdue,
        "finished": finished,
        "progress_url": f"{settings.SITE_URL}/organisations/{organisation.slug}/suivi/",
    }


def new_courses_context(message: OutboxMessage) -> dict:
    user = message.recipient
    recent = Course.objects.published().filter(first_published_at__gte=timezone.now() - NEW_COURSE_WINDOW)
    recent = recent.filter(Q(audiences__isnull=True) | Q(audiences__in=user.audiences.all())).distinct()
    places = user_territory_ids(user)
    courses = [course for course in recent.order_by("title") if course.territory_id in (None, *places)]
    if not courses:
        raise MessageObsolete("No new course for this person this week.")
    return {"courses": courses, "site_url": settings.SITE_URL, "catalogue_url": settings.SITE_URL + "/formations/"}
