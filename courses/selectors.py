"""Reads for the learner's pages, the manager space's tabs and the trainers' statistics, with
their queries fixed."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from courses.calendar_sources import CalendarEntry, registered_entries
from courses.models import (
    Course,
    Enrolment,
    EnrolmentQuerySet,
    EnrolmentStatus,
    MemberImport,
    Module,
    ModuleCompletion,
    ProgressState,
    QuizAttempt,
)
from courses.reminder_kinds import ENROLMENT_KINDS, ENROLMENT_TYPE, NUDGE
from lms.accounts.models import User
from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.organisations.models import HomeCommune, MemberGroup, Membership, Organisation
from lms.organisations.selectors import group_current_users, territory_level_key


def user_territory_ids(user: User) -> set[int]:
    """The territories a person belongs to: their home commune and the communes of the
    organisations they are a member of, with their département and région."""
    communes = [row.commune for row in HomeCommune.objects.filter(user=user).select_related("commune")]
    communes += [
        membership.organisation.territory
        for membership in Membership.objects.current().filter(user=user).select_related("organisation__territory")
    ]
    ids: set[int] = set()
    for territory in communes:
        ids.update(filter(None, [territory.pk, territory.departement_id, territory.region_id]))
    return ids


def locked_module_ids(*, is_sequential: bool, modules: list[Module], done_ids: set[int]) -> set[int]:
    """In a sequential course, a module opens when every required module before it is done."""
    if not is_sequential:
        return set()
    locked, blocked = set(), False
    for module in modules:
        if blocked:
            locked.add(module.pk)
        if module.is_required and module.pk not in done_ids:
            blocked = True
    return locked


@dataclass
class Progress:
    """Where one learner stands in one course, for the current cycle.

    The rule for a programme that changes after a cycle is finished, in one place: a finished
    cycle stays finished (its attestation stands). A required module added since is offered as
    "nouveau contenu" (`added`), without reopening the cycle, and progress reads 100 %."""

    enrolment: Enrolment
    modules: list[Module]
    done_ids: set[int]
    locked_ids: set[int]
    attempts: dict[str, QuizAttempt] = field(default_factory=dict)  # latest attempt per quiz
    completed_now: bool = False  # this very step finished the cycle (module_done sets it)

    @property
    def is_finished(self) -> bool:
        return self.enrolment.status == EnrolmentStatus.COMPLETED

    @property
    def required(self) -> list[Module]:
        return [module for module in self.modules if module.is_required]

    @property
    def added(self) -> list[Module]:
        """Required modules published after the cycle was finished, not done: new content."""
        if not self.is_finished:
            return []
        return [module for module in self.required if module.pk not in self.done_ids]

    @property
    def all_required_done(self) -> bool:
        return all(module.pk in self.done_ids for module in self.required)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        required = self.required
        if not required:
            return 100 if self.modules else 0
        return round(100 * sum(1 for module in required if module.pk in self.done_ids) / len(required))

    @property
    def next_module(self) -> Module | None:
        """Where "Reprendre" leads: the first open module not done, else the last one opened."""
        for module in self.modules:
            if module.pk not in self.done_ids and module.pk not in self.locked_ids:
                return module
        return self.enrolment.last_module

    def state(self, module: Module) -> str:
        if module.pk in self.done_ids:
            return "done"
        if self.is_finished and module.is_required:
            return "new"
        if module.pk in self.locked_ids:
            return "locked"
        return "current" if self.next_module and module.pk == self.next_module.pk else "todo"


def course_progress(enrolment: Enrolment) -> Progress:
    """Where the learner stands in the current cycle, in one query: the course's published
    modules, each marked done or not (without quiz attempts)."""
    done = ModuleCompletion.objects.filter(enrolment_id=enrolment.pk, cycle=enrolment.cycle, module=OuterRef("pk"))
    modules = list(
        Module.objects.published()
        .filter(course_id=enrolment.course_id)
        .annotate(is_done=Exists(done))
        .order_by("position", "id")
    )
    done_ids = {module.pk for module in modules if module.is_done}
    return Progress(
        enrolment=enrolment,
        modules=modules,
        done_ids=done_ids,
        locked_ids=locked_module_ids(is_sequential=enrolment.course.is_sequential, modules=modules, done_ids=done_ids),
    )


# The tables of a learner's progress, named in the raw statements here and in
# courses.services.progress (module_done).
PROGRESS_TABLES = {
    "enrolment": Enrolment._meta.db_table,
    "module": Module._meta.db_table,
    "course": Course._meta.db_table,
    "completion": ModuleCompletion._meta.db_table,
}
# Where a person stands in the course of a module, from the module's id alone: their enrolment,
# the course's published modules in order, each with whether it has a quiz and whether it is done
# in the enrolment's cycle. No rows: not enrolled (or no published module). Read by the module
# page and, right after its write, by courses.services.progress.module_done.
MODULE_PROGRESS_SQL = """
SELECT e.id, e.user_id, e.course_id, e.status, e.cycle, e.last_module_id, c.is_sequential,
  m.id, m.title, m.url, m.position, m.is_required, m.source_page_id, CAST(m.quiz_key AS TEXT) <> '{{}}',
  EXISTS (SELECT 1 FROM {completion} d WHERE d.enrolment_id = e.id AND d.cycle = e.cycle AND d.module_id = m.id)
FROM {enrolment} e
JOIN {course} c ON c.id = e.course_id
JOIN {module} m ON m.course_id = e.course_id AND m.is_published
WHERE e.user_id = %s AND e.course_id = (SELECT t.course_id FROM {module} t WHERE t.id = %s)
ORDER BY m.position, m.id
""".format(**PROGRESS_TABLES)  # noqa: S608 (table names from the models, values are parameters)
_ENROLMENT_COLUMNS = ["id", "user_id", "course_id", "status", "cycle", "last_module_id"]
# In the model's field order: Model.from_db() places values by its concrete fields, not by name.
_MODULE_COLUMNS = ["id", "course_id", "source_page_id", "title", "url", "position", "is_required", "is_published"]


def progress_from_rows(rows: list[tuple]) -> tuple[Progress, set[int]]:
    """The Progress MODULE_PROGRESS_SQL describes (model instances loaded with the columns read,
    the others deferred), and the ids of the modules that have a quiz."""
    first = rows[0]
    enrolment = Enrolment.from_db(DEFAULT_DB_ALIAS, _ENROLMENT_COLUMNS, first[:6])
    modules, done_ids, with_quiz = [], set(), set()
    for row in rows:
        module_id, title, url, position, is_required, source_page_id, has_quiz, is_done = row[7:]
        modules.append(
            Module.from_db(
                DEFAULT_DB_ALIAS,
                _MODULE_COLUMNS,
                [module_id, enrolment.course_id, source_page_id, title, url, position, bool(is_required), True],
            )
        )
        if is_done:
            done_ids.add(module_id)
        if has_quiz:
            with_quiz.add(module_id)
    locked = locked_module_ids(is_sequential=bool(first[6]), modules=modules, done_ids=done_ids)
    return Progress(enrolment=enrolment, modules=modules, done_ids=done_ids, locked_ids=locked), with_quiz


def module_progress(*, user_id: int, module_id: int) -> tuple[Progress, set[int]] | None:
    """For the module page: where the person stands in this module's course, in one raw
    statement (the ORM's compilation of the four it replaces was most of the page's learner
    context, issue 35), with the ids of the modules that have a quiz; None if not enrolled."""
    with connection.cursor() as cursor:
        cursor.execute(MODULE_PROGRESS_SQL, [user_id, module_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    progress, with_quiz = progress_from_rows(rows)
    # "Reprendre" falls back to the last module opened: one of these, already read.
    last = next((module for module in progress.modules if module.pk == progress.enrolment.last_module_id), None)
    if last is not None:
        progress.enrolment.last_module = last
    return progress, with_quiz


def learner_progress(enrolment: Enrolment, *, module: Module | None = None) -> Progress:
    """course_progress, with the latest attempt at each quiz of `module`."""
    progress = course_progress(enrolment)
    if module is not None and module.quiz_key:
        add_quiz_attempts(progress, module)
    return progress


def add_quiz_attempts(progress: Progress, module: Module) -> None:
    """The latest attempt at each quiz of `module`, in progress.attempts."""
    enrolment = progress.enrolment
    for attempt in QuizAttempt.objects.filter(enrolment_id=enrolment.pk, cycle=enrolment.cycle, module_id=module.pk):
        progress.attempts.setdefault(attempt.quiz_id, attempt)  # ordered newest first


def learner_enrolment(user: User, course_id: int) -> Enrolment | None:
    """The person's enrolment in a course, whatever its state, for the course and module pages."""
    return Enrolment.objects.select_related("course", "last_module").filter(user=user, course_id=course_id).first()


def dashboard_enrolments(user: User, *, today: date | None = None) -> QuerySet[Enrolment]:
    """The person's enrolments with their progress counted in SQL: two subqueries, whatever
    the number of courses; each says whether it is overdue."""
    required = (
        Module.objects.published()
        .filter(course=OuterRef("course"), is_required=True)
        .order_by()
        .values("course")
        .annotate(total=Count("pk"))
        .values("total")
    )
    done = (
        ModuleCompletion.objects.filter(
            enrolment=OuterRef("pk"), cycle=OuterRef("cycle"), module__is_required=True, module__is_published=True
        )
        .order_by()
        .values("enrolment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Enrolment.objects.filter(user=user)
        .current()
        .select_related("course", "organisation")
        .annotate(
            required_total=Coalesce(Subquery(required, output_field=IntegerField()), 0),
            required_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        )
        .annotate_overdue(today or timezone.localdate())
        .order_by("due_on", "-enrolled_at")
    )


@dataclass(frozen=True)
class QuestionRate:
    number: int
    answered: int
    right: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


@dataclass(frozen=True)
class ModuleStatistics:
    module: Module
    completed: int
    questions: list[QuestionRate]


def course_statistics(course: Course) -> dict:
    """Figures only, no names: four queries whatever the number of learners."""
    counts = Enrolment.objects.filter(course=course).aggregate(
        enrolled=Count("pk"),
        active=Count("pk", filter=Q(status=EnrolmentStatus.ACTIVE)),
        completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
        withdrawn=Count("pk", filter=Q(status=EnrolmentStatus.WITHDRAWN)),
    )
    modules = list(Module.objects.filter(course=course, is_published=True).order_by("position", "id"))
    completed = dict(
        ModuleCompletion.objects.filter(module__course=course)
        .values("module")
        .annotate(total=Count("enrolment", distinct=True))
        .values_list("module", "total")
    )
    answered: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for results in QuizAttempt.objects.filter(module__course=course).values_list("results", flat=True):
        for question_id, is_right in results.items():
            answered[question_id] += 1
            right[question_id] += bool(is_right)
    per_module = defaultdict(list)
    for module in modules:
        number = 0
        for quiz in module.quiz_key.values():
            for question in quiz["questions"]:
                number += 1
                per_module[module.pk].append(QuestionRate(number, answered[question["id"]], right[question["id"]]))
    enrolled = counts["enrolled"]
    return {
        **counts,
        "completion_rate": round(100 * counts["completed"] / enrolled) if enrolled else 0,
        "modules": [ModuleStatistics(module, completed.get(module.pk, 0), per_module[module.pk]) for module in modules],
    }


# --- The manager space (/organisations/<slug>/…): only enrolments attached to the organisation,
# of its current members, are ever shown.


def current_members(organisation: Organisation) -> QuerySet[Membership]:
    """People who left the organisation drop out of its lists, exports and counts."""
    return Membership.objects.current().filter(organisation=organisation).values("user")


def organisation_member_users(organisation: Organisation) -> QuerySet[User]:
    """The people the Inscriptions tab may enrol, by name."""
    return User.objects.filter(pk__in=current_members(organisation)).order_by("last_name", "first_name", "pk")


def organisation_enrolments(
    organisation: Organisation,
    *,
    course_id: int | None = None,
    today: date | None = None,
    group: MemberGroup | None = None,
) -> QuerySet[Enrolment]:
    """The enrolments attached to the organisation, as the Inscriptions tab shows them (each
    says whether it is overdue): the export gives exactly the same rows for the same course."""
    enrolments = (
        Enrolment.objects.filter(organisation=organisation, user__in=current_members(organisation))
        .select_related("user", "course")
        .annotate_overdue(today or timezone.localdate())
        .annotate_progress_state()
        .order_by("course__title", "user__last_name", "user__first_name", "pk")
    )
    if course_id is not None:
        enrolments = enrolments.filter(course_id=course_id)
    if group is not None:
        enrolments = enrolments.filter(user__in=group_current_users(group))
    return enrolments


def organisation_enrolments_export(
    organisation: Organisation, *, course_id: int | None = None, group: MemberGroup | None = None
) -> QuerySet[Enrolment]:
    """organisation_enrolments, with the published modules each has done in its current cycle."""
    done = (
        ModuleCompletion.objects.filter(enrolment=OuterRef("pk"), cycle=OuterRef("cycle"), module__is_published=True)
        .order_by()
        .values("enrolment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return organisation_enrolments(organisation, course_id=course_id, group=group).annotate(
        modules_done=Coalesce(Subquery(done, output_field=IntegerField()), 0)
    )


def organisation_courses(organisation: Organisation) -> QuerySet[Course]:
    """The courses the organisation has enrolled people in, for the Export tab's filter."""
    return Course.objects.filter(enrolments__organisation=organisation).distinct().order_by("title").only("pk", "title")


PROGRESS_STATES = ("completed", "in_progress", "not_started", "overdue")


def organisation_progress(
    organisation: Organisation, *, today: date | None = None, group: MemberGroup | None = None
) -> list[dict]:
    """Per course: not started, in progress, completed and overdue, with their shares of the
    total, counted in one query with the same ProgressState rule as the Inscriptions tab (a group
    is one more subquery in it, whatever its size)."""
    people = group_current_users(group) if group is not None else current_members(organisation)
    rows = list(
        Enrolment.objects.filter(organisation=organisation, user__in=people)
        .current()
        .annotate_progress_state()
        .values("course_id", "course__title")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(progress_state=ProgressState.COMPLETED)),
            in_progress=Count("pk", filter=Q(progress_state=ProgressState.IN_PROGRESS)),
            not_started=Count("pk", filter=Q(progress_state=ProgressState.NOT_STARTED)),
            overdue=Count("pk", filter=EnrolmentQuerySet.overdue_condition(today or timezone.localdate())),
        )
        .order_by("course__title")
    )
    for row in rows:
        for name in PROGRESS_STATES:
            row[f"{name}_percent"] = round(100 * row[name] / row["total"]) if row["total"] else 0
    return rows


def organisation_followed_people(
    organisation: Organisation, *, today: date | None = None, group: MemberGroup | None = None
) -> QuerySet[Membership]:
    """Suivi's list of people: the current members with a course the organisation follows, each
    with how many they follow, have finished and are late in, counted in the same query."""
    today = today or timezone.localdate()
    followed = Q(user__enrolments__organisation=organisation) & ~Q(user__enrolments__status=EnrolmentStatus.WITHDRAWN)
    late = Q(user__enrolments__status=EnrolmentStatus.ACTIVE, user__enrolments__due_on__lt=today)
    memberships = Membership.objects.current().filter(organisation=organisation)
    if group is not None:
        memberships = memberships.filter(member_groups=group)
    return (
        memberships.filter(Exists(Enrolment.objects.current().filter(organisation=organisation, user=OuterRef("user"))))
        .select_related("user")
        .annotate(
            followed=Count("user__enrolments", filter=followed),
            completed=Count(
                "user__enrolments", filter=followed & Q(user__enrolments__status=EnrolmentStatus.COMPLETED)
            ),
            late=Count("user__enrolments", filter=followed & late),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def member_import_history(organisation: Organisation, *, limit: int) -> QuerySet[MemberImport]:
    """The organisation's latest imports, newest first, without their file or plan."""
    return (
        MemberImport.objects.filter(organisation=organisation)
        .select_related("created_by", "course")
        .defer("data", "plan")[:limit]
    )


# --- One person's page in the manager space (/organisations/<slug>/suivi/membres/<id>/).


@dataclass(frozen=True)
class QuizSummary:
    module_title: str
    quiz_id: str
    best: int
    attempts: int
    passed: bool


@dataclass
class PersonCourse:
    """One course a manager follows for one person: progress, quizzes of the current cycle and
    the reminders the person was sent about it."""

    enrolment: Enrolment
    quizzes: list[QuizSummary] = field(default_factory=list)
    reminders_sent: int = 0
    last_reminder_at: object = None

    @property
    def percent(self) -> int:
        enrolment = self.enrolment
        if enrolment.status == EnrolmentStatus.COMPLETED:
            return 100
        # required_total and required_done are annotated by dashboard_enrolments.
        total, done = enrolment.required_total, enrolment.required_done  # type: ignore[attr-defined]
        return round(100 * done / total) if total else 0


def member_courses(organisation: Organisation, user: User, *, today: date | None = None) -> list[PersonCourse]:
    """The courses the organisation follows for this person (withdrawals aside), in three
    queries whatever their number: the enrolments with their progress counted in SQL, the best
    score and attempts per quiz of the current cycle, and the reminders per enrolment."""
    enrolments = list(
        dashboard_enrolments(user, today=today).filter(organisation=organisation).order_by("course__title", "pk")
    )
    rows = {enrolment.pk: PersonCourse(enrolment) for enrolment in enrolments}
    if not rows:
        return []
    attempts = (
        QuizAttempt.objects.filter(enrolment__in=rows, cycle=F("enrolment__cycle"))
        .values("enrolment_id", "module__title", "module__position", "quiz_id")
        .annotate(best=Max("score"), attempts=Count("pk"), passes=Count("pk", filter=Q(passed=True)))
        .order_by("module__position", "module__title", "quiz_id")
    )
    for row in attempts:
        rows[row["enrolment_id"]].quizzes.append(
            QuizSummary(row["module__title"], row["quiz_id"], row["best"], row["attempts"], row["passes"] > 0)
        )
    reminders = (
        OutboxMessage.objects.filter(
            kind__in=[*ENROLMENT_KINDS, NUDGE],
            object_type=ENROLMENT_TYPE,
            object_id__in=[str(pk) for pk in rows],
        )
        .exclude(status__in=[OutboxStatus.CANCELLED, OutboxStatus.FAILED])
        .values("object_id")
        .annotate(total=Count("pk"), last=Max("created_at"))
        .order_by()
    )
    for row in reminders:
        person_course = rows[int(row["object_id"])]
        person_course.reminders_sent, person_course.last_reminder_at = row["total"], row["last"]
    return list(rows.values())


# --- The learner's calendar (/mon-espace/ and the private .ics feed).


def learner_calendar(user: User, *, now: datetime | None = None, past_days: int = 0) -> list[CalendarEntry]:
    """The person's due dates (active enrolments only) and the dates other apps register
    (sessions), in order: one query for the due dates and a fixed number per source. Entries
    that ended more than `past_days` ago are left out."""
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=past_days)
    host = urlsplit(settings.SITE_URL).hostname or "passerelle"
    entries = [
        CalendarEntry(
            uid=f"passerelle-due-{enrolment.pk}@{host}",
            title=enrolment.course.title,
            start=enrolment.due_on,
            end=enrolment.due_on + timedelta(days=1),
            url=enrolment.course.url,
            kind="due",
        )
        for enrolment in Enrolment.objects.active()
        .filter(user=user, due_on__gte=since)
        .select_related("course")
        .only("pk", "due_on", "course__title", "course__url")
    ]
    entries += [entry for entry in registered_entries(user, now) if entry.day >= since]
    return sorted(entries, key=lambda entry: entry.sort_key)


def territory_training_counts(level: str | None, *, by_audience: bool) -> list[dict]:
    """For the territorial dashboards: per territory of `level` (None: the nation, key None),
    distinct people enrolled (whatever the state) and having completed a course, through the
    organisation that follows their enrolment (lms.organisations.selectors.territory_level_key).
    By audience: one row per (territory, audience of the course), a course without audience in
    none; else one row per territory, with the online hours (the estimated duration of each
    completed enrolment, in minutes). One query. Rows: {"territory", ["audience"], "enrolled",
    "completed", ["minutes"]}."""
    rows_filter, key = territory_level_key("organisation__territory", level)
    enrolments = Enrolment.objects.filter(rows_filter)
    counts: dict = {
        "enrolled": Count("user", distinct=True),
        "completed": Count("user", filter=Q(status=EnrolmentStatus.COMPLETED), distinct=True),
    }
    if not by_audience:
        counts["minutes"] = Sum("course__estimated_minutes", filter=Q(status=EnrolmentStatus.COMPLETED))
    group: dict = {"territory": key} if key is not None else {}
    if by_audience:
        group["audience"] = F("course__audiences")
    if not group:
        return [{"territory": None, **enrolments.aggregate(**counts)}]
    rows = enrolments.values(**group).annotate(**counts).order_by()
    return [{"territory": None, **row} if key is None else row for row in rows]


def territory_training_quarters(level: str | None, *, since: datetime) -> list[dict]:
    """Per territory of `level` (as territory_training_counts) and per quarter from `since`:
    distinct people who enrolled in that quarter, and who completed a course in it. Two queries.
    Rows: {"territory", "quarter" (its first day), "measure" ("enrolled"|"completed"), "people"}."""
    rows_filter, key = territory_level_key("organisation__territory", level)
    enrolments = Enrolment.objects.filter(rows_filter)
    result = []
    for measure, moment, extra in (
        ("enrolled", "enrolled_at", Q()),
        ("completed", "completed_at", Q(status=EnrolmentStatus.COMPLETED)),
    ):
        group: dict = {"quarter": TruncQuarter(moment)}
        if key is not None:
            group["territory"] = key
        rows = (
            enrolments.filter(extra, **{f"{moment}__gte": since})
            .values(**group)
            .annotate(people=Count("user", distinct=True))
            .order_by()
        )
        result += (
            [{"territory": None, **row, "measure": measure} for row in rows]
            if key is None
            else [{**row, "measure": measure} for row in rows]
        )
    return result
