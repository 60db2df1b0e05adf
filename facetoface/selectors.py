"""Reads for the pool, the listing, the course page, /mon-espace/ and the manager space. Each
owns its prefetching; tests pin their query counts."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from facetoface.access import Scope, visible_trainers
from facetoface.models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Registration,
    RegistrationStatus,
    Slot,
    TrainerProfile,
    TrainingSession,
    first_slot_start,
)
from lms.accounts.models import User
from lms.organisations.models import Membership, Organisation, Territory, TerritoryKind


def _with_listing_data(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return (
        sessions.select_related("course", "territory", "place_organisation", "organiser")
        .annotate(
            first_start=first_slot_start(),
            seats_left=Greatest(
                F("capacity")
                - Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES), distinct=True),
                Value(0),
            ),
        )
        .prefetch_related(
            Prefetch("slots", queryset=Slot.objects.not_cancelled().order_by("start")),
            Prefetch("trainers", queryset=TrainerProfile.objects.select_related("user")),
        )
    )


def upcoming_sessions(now: datetime | None = None) -> QuerySet[TrainingSession]:
    now = now or timezone.now()
    ids = TrainingSession.objects.not_cancelled().filter(slots__start__gt=now, slots__cancelled_at__isnull=True)
    return _with_listing_data(TrainingSession.objects.filter(pk__in=ids.values("pk"))).order_by("first_start", "pk")


@dataclass(frozen=True)
class SessionFilters:
    departement: Territory | None = None
    commune: Territory | None = None
    course_id: int | None = None
    audience: str = ""
    month: date | None = None


def session_listing(filters: SessionFilters) -> QuerySet[TrainingSession]:
    sessions = upcoming_sessions()
    if filters.commune is not None:
        sessions = sessions.filter(territory=filters.commune)
    elif filters.departement is not None:
        sessions = sessions.filter(Q(territory=filters.departement) | Q(territory__departement=filters.departement))
    if filters.course_id:
        sessions = sessions.filter(course_id=filters.course_id)
    if filters.audience:
        sessions = sessions.filter(course__audiences=filters.audience)
    if filters.month is not None:
        month = filters.month
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        zone = timezone.get_current_timezone()
        start = datetime(month.year, month.month, 1, tzinfo=zone)
        end = datetime(following.year, following.month, 1, tzinfo=zone)
        slots_in_month = Slot.objects.not_cancelled().filter(start__gte=start, start__lt=end)
        sessions = sessions.filter(pk__in=slots_in_month.values("session"))
    return sessions


def listing_departements() -> QuerySet[Territory]:
    """The départements where upcoming sessions take place, for the filter."""
    places = upcoming_sessions().values("territory__departement")
    return Territory.objects.filter(
        Q(pk__in=places) | Q(pk__in=upcoming_sessions().values("territory")), kind=TerritoryKind.DEPARTEMENT
    )


def course_upcoming_sessions(course_id: int) -> list[TrainingSession]:
    return list(upcoming_sessions().filter(course_id=course_id)[:10])


def session_detail_slots(session: TrainingSession) -> list[Slot]:
    return list(session.slots.not_cancelled().order_by("start"))


def session_seats_taken(session: TrainingSession) -> int:
    return Registration.objects.filter(session=session, status__in=SEAT_STATUSES).count()


def session_registrations(session: TrainingSession) -> QuerySet[Registration]:
    """For the people who manage the session: everyone registered, waiting or asking."""
    return (
        Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES)
        .select_related("user")
        .order_by("status", "position", "created_at")
    )


def pool_search(
    scope: Scope, *, theme_id: int | None, audience: str, territory: Territory | None
) -> QuerySet[TrainerProfile]:
    """Active trainers of the scope matching the criteria. A commune matches the trainers who
    cover it, its département or its région; a département those who cover it or its région."""
    trainers = visible_trainers(scope).filter(is_active=True)
    if theme_id:
        trainers = trainers.filter(themes=theme_id)
    if audience:
        trainers = trainers.filter(audiences=audience)
    if territory is not None:
        covering = [territory.pk, territory.departement_id, territory.region_id]
        trainers = trainers.filter(territories__in=[pk for pk in covering if pk])
    upcoming = (
        TrainingSession.objects.not_cancelled()
        .filter(pk__in=Slot.objects.not_cancelled().filter(start__gt=timezone.now()).values("session"))
        .select_related("course")
        .annotate(first_start=first_slot_start())
        .order_by("first_start")
    )
    return (
        TrainerProfile.objects.filter(pk__in=trainers.values("pk"))
        .select_related("user", "organisation")
        .prefetch_related(
            "themes",
            "audiences",
            Prefetch("territories", queryset=Territory.objects.order_by("kind", "name")),
            Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"),
        )
    )


def user_registrations(user: User) -> list[Registration]:
    """/mon-espace/: the person's registrations to sessions not over yet, and cancellations of
    those, soonest first."""
    now = timezone.now()
    rows = (
        Registration.objects.filter(user=user, session__slots__end__gt=now, session__slots__cancelled_at__isnull=True)
        .distinct()
        .select_related("session__course", "session__place_organisation", "session__organiser")
        .prefetch_related(Prefetch("session__slots", queryset=Slot.objects.not_cancelled().order_by("start")))
        .annotate(first_start=first_slot_start("session__slots"))
        .order_by("first_start", "pk")
    )
    return list(rows)


def trainer_profile_with_sessions(user: User) -> TrainerProfile | None:
    """/mon-espace/ for a trainer: their profile and the upcoming sessions they run (one query,
    and one more only for a trainer)."""
    upcoming = _with_listing_data(TrainingSession.objects.filter(pk__in=upcoming_sessions().values("pk"))).order_by(
        "first_start", "pk"
    )
    return (
        TrainerProfile.objects.filter(user=user)
        .prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"))
        .first()
    )


def organisation_sessions(organisation: Organisation) -> QuerySet[TrainingSession]:
    """The manager space's tab: sessions it organises or hosts, upcoming first."""
    return _with_listing_data(
        TrainingSession.objects.filter(Q(organiser=organisation) | Q(place_organisation=organisation))
    ).order_by("-first_start", "pk")


def organisation_pending_approvals(organisation: Organisation) -> QuerySet[Registration]:
    members = Membership.objects.current().filter(organisation=organisation).values("user")
    return (
        Registration.objects.filter(status=RegistrationStatus.PENDING_APPROVAL)
        .filter(Q(session__organiser=organisation) | Q(user__in=members))
        .select_related("user", "session__course")
        .order_by("created_at")
    )
