"""Reads for the pool, the listing, the course page, /mon-espace/ and the manager space. Each
owns its prefetching; tests pin their query counts."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from facetoface.access import Scope, visible_trainers
from facetoface.models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Attendance,
    AttendanceCorrection,
    AttendanceSheet,
    AttendanceStatus,
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


# Attendance (issue 26).


def slot_attendance_rows(slot: Slot) -> list[Registration]:
    """The attendance page of a slot: the confirmed registrations with their mark for this slot
    (`mark`, or None) and its corrections, in two queries whatever the number of people."""
    registrations = list(
        Registration.objects.filter(session_id=slot.session_id, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    marks = {
        attendance.registration_id: attendance
        for attendance in Attendance.objects.filter(slot=slot)
        .select_related("set_by")
        .prefetch_related(Prefetch("corrections", queryset=AttendanceCorrection.objects.select_related("corrected_by")))
    }
    for registration in registrations:
        registration.mark = marks.get(registration.pk)
    return registrations


@dataclass
class SheetRow:
    registration: Registration
    cells: list  # one Attendance or None per slot, in the order of the slots
    hours: Decimal
    duration: timedelta = timedelta()

    @property
    def duration_label(self) -> str:
        """ "3 h 30", "3 h" or "0 h": the French way of writing a duration on a sheet."""
        minutes = int(self.duration.total_seconds()) // 60
        hours, minutes = divmod(minutes, 60)
        return f"{hours}\u00a0h\u00a0{minutes:02d}" if minutes else f"{hours}\u00a0h"


def _hours(duration: timedelta) -> Decimal:
    return (Decimal(duration.total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))


def session_sheet(session: TrainingSession) -> tuple[list[Slot], list[SheetRow]]:
    """The attendance sheet's table: the slots, and per confirmed registration one mark or
    None per slot and the hours attended. Three queries."""
    slots = list(session.slots.not_cancelled().order_by("start"))
    registrations = (
        Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    marks = {
        (attendance.registration_id, attendance.slot_id): attendance
        for attendance in Attendance.objects.filter(slot__in=slots).select_related("set_by")
    }
    rows = []
    for registration in registrations:
        cells = [marks.get((registration.pk, slot.pk)) for slot in slots]
        present = sum(
            (slot.duration for slot, cell in zip(slots, cells, strict=True) if cell and cell.status == "present"),
            timedelta(),
        )
        rows.append(SheetRow(registration=registration, cells=cells, hours=_hours(present), duration=present))
    return slots, rows


def _present_marks() -> QuerySet[Attendance]:
    """Present marks that count: on slots and sessions not cancelled, of confirmed people."""
    return Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        slot__cancelled_at__isnull=True,
        slot__session__cancelled_at__isnull=True,
        registration__status=RegistrationStatus.CONFIRMED,
    )


def attended_hours(registration_ids: Iterable[int]) -> dict[int, Decimal]:
    """Hours attended per registration id: the durations of the slots marked present, summed.
    One query; a registration without any present mark maps to Decimal("0.00")."""
    ids = list(registration_ids)
    totals: dict[int, timedelta] = {pk: timedelta() for pk in ids}
    for registration_id, start, end in (
        _present_marks().filter(registration_id__in=ids).values_list("registration_id", "slot__start", "slot__end")
    ):
        totals[registration_id] += end - start
    return {pk: _hours(total) for pk, total in totals.items()}


def attended_hours_by_enrolment(enrolments: Iterable) -> dict[int, Decimal]:
    """Hours attended per course enrolment id, for the courses' "at least N hours attended"
    requirement: over every session of the enrolment's course (closed or not), the slots where
    the enrolled person was marked present (by a trainer or by self sign-in), summed. Cancelled
    slots and sessions, and registrations no longer confirmed, do not count.

    `enrolments`: objects with `pk`, `user_id` and `course_id` (courses.Enrolment). One query
    whatever their number; every enrolment given is in the result, Decimal("0.00") when none."""
    enrolments = list(enrolments)
    by_pair = {(enrolment.user_id, enrolment.course_id): enrolment.pk for enrolment in enrolments}
    totals: dict[int, timedelta] = {enrolment.pk: timedelta() for enrolment in enrolments}
    if not enrolments:
        return {}
    users = {user_id for user_id, _course in by_pair}
    courses = {course_id for _user, course_id in by_pair}
    rows = _present_marks().filter(registration__user_id__in=users, slot__session__course_id__in=courses)
    for user_id, course_id, start, end in rows.values_list(
        "registration__user_id", "slot__session__course_id", "slot__start", "slot__end"
    ):
        enrolment_id = by_pair.get((user_id, course_id))
        if enrolment_id is not None:
            totals[enrolment_id] += end - start
    return {pk: _hours(total) for pk, total in totals.items()}


def user_course_attended_hours(*, user_id: int, course_id: int) -> Decimal:
    """Hours one person attended over every session of one course (the course attestation's
    "en présentiel"), counted as attended_hours_by_enrolment does. One query."""
    total = timedelta()
    for start, end in (
        _present_marks()
        .filter(registration__user_id=user_id, slot__session__course_id=course_id)
        .values_list("slot__start", "slot__end")
    ):
        total += end - start
    return _hours(total)


def session_participant_enrolments(session: TrainingSession) -> list[int]:
    """The ids of the active course enrolments of the session's confirmed participants, in the
    session's course: those whose completion may change when its attendance does. One query."""
    from courses.models import Enrolment

    users = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).values("user_id")
    return list(
        Enrolment.objects.active().filter(course_id=session.course_id, user_id__in=users).values_list("pk", flat=True)
    )


def registrations_to_attest(session: TrainingSession) -> QuerySet[Registration]:
    """The registrations of the session with at least one slot attended: those that get an
    attestation de présence once the session is closed."""
    return Registration.objects.filter(
        pk__in=_present_marks().filter(slot__session=session).values("registration_id")
    ).select_related("user")


def presence_snapshot(registration: Registration) -> dict:
    """The frozen content of one person's attestation de présence, as plain JSON values: name,
    session title, course title, dates (ISO start and end of each slot, UTC), place, trainers,
    hours attended (a string such as "6.00"). Four queries."""
    from facetoface.ics import place_text

    session = (
        TrainingSession.objects.select_related("course", "place_organisation", "territory")
        .prefetch_related(Prefetch("trainers", queryset=TrainerProfile.objects.select_related("user")))
        .get(pk=registration.session_id)
    )
    slots = list(session.slots.not_cancelled().order_by("start"))
    user = registration.user
    return {
        "name": user.get_full_name() or user.email,
        "session_id": session.pk,
        "session_title": session.display_title,
        "course_id": session.course_id,
        "course_title": session.course.title,
        "dates": [{"start": slot.start.isoformat(), "end": slot.end.isoformat()} for slot in slots],
        "place": place_text(session),
        "trainers": [str(trainer) for trainer in session.trainers.all()],
        "hours_attended": str(attended_hours([registration.pk])[registration.pk]),
    }


def session_sheets(session: TrainingSession) -> list[AttendanceSheet]:
    return list(AttendanceSheet.objects.filter(session=session).order_by("-version"))


# Reports (issue 26): per session, per trainer, per territory. Counts come from subqueries so
# that joining registrations, slots and marks never multiplies rows.


def _subquery_count(queryset: QuerySet, group: str, field: str = "pk") -> Coalesce:
    counted = queryset.order_by().values(group).annotate(total=Count(field, distinct=True)).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_attendance_report(sessions: QuerySet[TrainingSession], now: datetime | None = None) -> QuerySet:
    """Annotate each session with `registered` (confirmed people), `slot_count` (slots not
    cancelled), `slots_over` (those ended), `present_marks`, `attendees` (people present at
    least once) and `no_shows` (confirmed people present at no slot once every slot is over).
    The rates are properties of the rows: see `report_rates`."""
    now = now or timezone.now()
    confirmed = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    slots = Slot.objects.not_cancelled().filter(session=OuterRef("pk"))
    present = _present_marks().filter(slot__session=OuterRef("pk"))
    attended = _present_marks().filter(registration=OuterRef("pk"))
    no_shows = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED).exclude(
        Exists(attended)
    )
    return sessions.annotate(
        registered=_subquery_count(confirmed, "session"),
        slot_count=_subquery_count(slots, "session"),
        slots_over=_subquery_count(slots.filter(end__lte=now), "session"),
        present_marks=_subquery_count(present, "slot__session"),
        attendees=_subquery_count(present, "slot__session", "registration"),
        no_show_count=_subquery_count(no_shows, "session"),
    )


def report_rates(session: Any) -> dict:
    """Fill rate (confirmed people over seats) and attendance rate (present marks over the
    marks possible on the slots over), as percentages or None when not applicable; no-shows
    only once every slot is over."""
    fill = round(100 * session.registered / session.capacity) if session.capacity else None
    possible = session.registered * session.slots_over
    attendance = round(100 * session.present_marks / possible) if possible else None
    over = session.slot_count and session.slots_over == session.slot_count
    return {"fill_rate": fill, "attendance_rate": attendance, "no_shows": session.no_show_count if over else None}


def organisation_session_reports(organisation: Organisation) -> list[TrainingSession]:
    """The manager space's tab with each session's figures (`report` dict on each row)."""
    sessions = list(with_attendance_report(organisation_sessions(organisation))[:50])
    for session in sessions:
        session.report = report_rates(session)
    return sessions


def organisation_sessions_export_rows(organisation: Organisation) -> Iterable[list]:
    """The CSV of the tab: one line per session, streamed."""
    sessions = with_attendance_report(
        TrainingSession.objects.filter(Q(organiser=organisation) | Q(place_organisation=organisation))
        .select_related("course", "territory")
        .annotate(first_start=first_slot_start())
        .order_by("-first_start", "pk")
    )
    for session in sessions.iterator(chunk_size=500):
        rates = report_rates(session)
        yield [
            session.pk,
            session.display_title,
            session.course.title,
            timezone.localtime(session.first_start).strftime("%d/%m/%Y %H:%M") if session.first_start else "",
            session.territory.name,
            "oui" if session.is_cancelled else "non",
            session.capacity,
            session.registered,
            "" if rates["fill_rate"] is None else rates["fill_rate"],
            session.slot_count,
            "" if rates["attendance_rate"] is None else rates["attendance_rate"],
            session.attendees,
            "" if rates["no_shows"] is None else rates["no_shows"],
        ]


def member_attendances(organisation: Organisation) -> list[Attendance]:
    """What a manager sees of attendance: their own members' marks only (with the corrections),
    the latest first, whoever organised the session."""
    members = Membership.objects.current().filter(organisation=organisation).values("user")
    return list(
        Attendance.objects.filter(registration__user__in=members, slot__cancelled_at__isnull=True)
        .select_related("registration__user", "slot__session__course", "set_by")
        .prefetch_related(Prefetch("corrections", queryset=AttendanceCorrection.objects.select_related("corrected_by")))
        .order_by("-slot__start", "registration__user__last_name", "pk")[:200]
    )


def trainer_hours_given(profile: TrainerProfile, now: datetime | None = None) -> dict:
    """The trainer's profile page: their sessions over (not cancelled) and the hours given,
    the durations of those sessions' slots over. Two queries."""
    now = now or timezone.now()
    slots = list(
        Slot.objects.not_cancelled()
        .filter(session__trainers=profile, session__cancelled_at__isnull=True, end__lte=now)
        .values_list("session_id", "start", "end")
    )
    total = sum((end - start for _session, start, end in slots), timedelta())
    session_ids = {session_id for session_id, _start, _end in slots}
    sessions = list(
        TrainingSession.objects.filter(pk__in=session_ids)
        .select_related("course")
        .annotate(first_start=first_slot_start())
        .order_by("-first_start")[:50]
    )
    return {"hours": _hours(total), "session_count": len(session_ids), "sessions": sessions}


def territory_attendance_totals(territory_ids: Iterable[int] | None = None) -> list[dict]:
    """For the dashboards: per département, sessions held (not cancelled, with a slot over),
    confirmed registrations, present marks and hours attended. `territory_ids` limits it to
    those départements (None: all). One query for the marks, one for the sessions."""
    now = timezone.now()
    departement = Coalesce("territory__departement_id", "territory_id")
    sessions = (
        TrainingSession.objects.not_cancelled()
        .filter(pk__in=Slot.objects.not_cancelled().filter(end__lte=now).values("session"))
        .annotate(departement=departement)
    )
    if territory_ids is not None:
        sessions = sessions.filter(departement__in=list(territory_ids))
    totals: dict[int, dict] = {}
    for row in (
        sessions.values("departement")
        .annotate(
            sessions=Count("pk", distinct=True),
            registrations=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
            ),
        )
        .order_by("departement")
    ):
        totals[row["departement"]] = {**row, "present_marks": 0, "hours": Decimal("0.00")}
    durations: dict[int, timedelta] = {}
    for departement_id, start, end in (
        _present_marks()
        .filter(slot__session__in=sessions.values("pk"))
        .values_list(
            Coalesce("slot__session__territory__departement_id", "slot__session__territory_id"),
            "slot__start",
            "slot__end",
        )
    ):
        if departement_id in totals:
            totals[departement_id]["present_marks"] += 1
            durations[departement_id] = durations.get(departement_id, timedelta()) + (end - start)
    for departement_id, duration in durations.items():
        totals[departement_id]["hours"] = _hours(duration)
    return list(totals.values())


def user_upcoming_slots(user: User, now: datetime | None = None) -> QuerySet[Slot]:
    """The slots not over yet of the sessions this person holds a seat in (not cancelled), for
    their calendar: one query, with the session, its course and its place."""
    now = now or timezone.now()
    seats = Registration.objects.filter(user=user, status__in=SEAT_STATUSES)
    return (
        Slot.objects.not_cancelled()
        .filter(end__gt=now, session__cancelled_at__isnull=True, session__in=seats.values("session"))
        .select_related("session__course", "session__place_organisation")
        .order_by("start", "pk")
    )
