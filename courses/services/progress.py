"""Progress through a course: completing modules, passing quizzes, completing the course.

A module done is the hottest write (DESIGN.md §2 "Concurrency"), so it takes no lock: one
INSERT … SELECT … ON CONFLICT DO NOTHING records it, guarded in SQL by the enrolment's state and,
in a sequential course, by the required modules before it; then one read of the course's modules
with what is done. Completions are never removed within a cycle, so a check that passed stays
true. The course completes under the enrolment's row lock, checked again there: two requests
finishing the last two modules at once each read after their own insert, so the later read sees
both and completes the course, once."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.completion_requirements import has_requirements, requirements_met
from courses.models import Enrolment, EnrolmentStatus, Module, ModuleCompletion, QuizAttempt
from courses.selectors import MODULE_PROGRESS_SQL as _PROGRESS_SQL
from courses.selectors import PROGRESS_TABLES, Progress, course_progress, locked_module_ids
from courses.selectors import progress_from_rows as _progress_from_rows
from courses.services.enrolments import enrolment_complete
from lms.runtime.sql import prepared_cursor


class ProgressRefused(Exception):
    """The step cannot be recorded; the message says why, in French. `module`, when known, is
    where to send the learner back."""

    def __init__(self, message: str, *, module: Module | None = None) -> None:
        super().__init__(message)
        self.module = module


class ModuleNotFollowed(ProgressRefused):
    """No published module of that id in a course this person is enrolled in: a 404 over HTTP."""


class QuizUnanswered(ProgressRefused):
    """A question was sent with nothing ticked: nothing is scored or counted, the learner is
    asked for an answer. `question_ids` names those questions, `answers` keeps what was ticked."""

    def __init__(self, *, question_ids: list[str], answers: dict[str, list[str]]) -> None:
        super().__init__(str(QUIZ_UNANSWERED))
        self.question_ids = question_ids
        self.answers = answers


SEQUENCE_REFUSED = gettext_lazy("Terminez d'abord les modules précédents : cette formation se suit dans l'ordre.")
WITHDRAWN_REFUSED = gettext_lazy("Vous avez quitté cette formation : réinscrivez-vous pour reprendre.")
QUIZ_REFUSED = gettext_lazy("Réussissez d'abord le quiz de ce module.")
# Where the quiz view leaves a submission with blank questions for the module page to show again.
QUIZ_DRAFT_SESSION_KEY = "courses.quiz_draft"
QUIZ_UNANSWERED = gettext_lazy("Répondez à chaque question avant de valider : rien n'a été compté.")


def course_modules(course_id: int) -> list[Module]:
    return list(Module.objects.published().filter(course_id=course_id).order_by("position", "id"))


def passed_quiz_ids(enrolment: Enrolment, module: Module) -> set[str]:
    return set(
        QuizAttempt.objects.filter(enrolment=enrolment, cycle=enrolment.cycle, module=module, passed=True).values_list(
            "quiz_id", flat=True
        )
    )


def _lock(enrolment: Enrolment) -> Enrolment:
    locked = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    if locked.status == EnrolmentStatus.WITHDRAWN:
        raise ProgressRefused(str(WITHDRAWN_REFUSED))
    return locked


def _check_module(enrolment: Enrolment, module: Module, modules: list[Module], done_ids: set[int]) -> None:
    if module.course_id != enrolment.course_id or not module.is_published:
        raise ProgressRefused(_("Ce module ne fait pas partie de cette formation."))
    locked = locked_module_ids(is_sequential=enrolment.course.is_sequential, modules=modules, done_ids=done_ids)
    if module.pk in locked:
        raise ProgressRefused(str(SEQUENCE_REFUSED))


# --- "Module done", the hottest write, in three statements (benchmark B1) ------------------
# Written in SQL because building and compiling the equivalent querysets cost more than the
# whole rest of the request. Portable between SQLite and PostgreSQL; values are parameters.
# The person's enrolment in the module's course records the module for its cycle, unless it is
# done already (the unique key), the enrolment was withdrawn, the module has a quiz not yet
# passed, or (sequential course) a required module before it is not done.
_RECORD_SQL = """
INSERT INTO {completion} (enrolment_id, cycle, module_id, completed_at)
SELECT e.id, e.cycle, m.id, %s
FROM {enrolment} e
JOIN {module} m ON m.course_id = e.course_id
JOIN {course} c ON c.id = e.course_id
WHERE e.user_id = %s AND m.id = %s AND m.is_published AND e.status <> %s
  AND (%s OR CAST(m.quiz_key AS TEXT) = '{{}}')
  AND (NOT c.is_sequential OR NOT EXISTS (
    SELECT 1 FROM {module} r
    WHERE r.course_id = m.course_id AND r.is_published AND r.is_required
      AND (r.position < m.position OR (r.position = m.position AND r.id < m.id))
      AND NOT EXISTS (
        SELECT 1 FROM {completion} d WHERE d.enrolment_id = e.id AND d.cycle = e.cycle AND d.module_id = r.id
      )
  ))
ON CONFLICT DO NOTHING
""".format(**PROGRESS_TABLES)  # noqa: S608 (table names from the models, values are parameters)
# Then where the person stands: the course's published modules, each done or not.
_ACTIVITY_SQL = "UPDATE {enrolment} SET last_module_id = %s, last_activity_at = %s WHERE id = %s"  # noqa: S608
_ACTIVITY_SQL = _ACTIVITY_SQL.format(**PROGRESS_TABLES)


def module_done(*, user_id: int, module_id: int, quizzes_passed: bool = False) -> Progress:
    """Record a module as done by this person for the current cycle of their enrolment (once),
    then complete the course when every required module is done. `quizzes_passed` says the
    caller checked the module's quizzes. Returns where the person stands afterwards, with
    `progress.enrolment.status` up to date. Raises ModuleNotFollowed, or ProgressRefused."""
    now = timezone.now()
    with prepared_cursor() as cursor:
        cursor.execute(
            _RECORD_SQL,
            [
                connection.ops.adapt_datetimefield_value(now),
                user_id,
                module_id,
                EnrolmentStatus.WITHDRAWN.value,
                quizzes_passed,
            ],
        )
        inserted = cursor.rowcount > 0
        cursor.execute(_PROGRESS_SQL, [user_id, module_id])
        rows = cursor.fetchall()
    if not rows:
        raise ModuleNotFollowed(_("Ce module ne fait pas partie de vos formations."))
    progress, with_quiz = _progress_from_rows(rows)
    module = next((module for module in progress.modules if module.pk == module_id), None)
    if module is None:
        raise ModuleNotFollowed(_("Ce module ne fait pas partie de vos formations."))
    enrolment = progress.enrolment
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise ProgressRefused(str(WITHDRAWN_REFUSED), module=module)
    if not inserted and module.pk not in progress.done_ids:
        if module.pk in with_quiz and not quizzes_passed:
            quiz_key = Module.objects.values_list("quiz_key", flat=True).get(pk=module.pk)
            if not set(quiz_key) <= passed_quiz_ids(enrolment, module):
                raise ProgressRefused(str(QUIZ_REFUSED), module=module)
            return module_done(user_id=user_id, module_id=module_id, quizzes_passed=True)
        raise ProgressRefused(str(SEQUENCE_REFUSED), module=module)
    with prepared_cursor() as cursor:
        cursor.execute(_ACTIVITY_SQL, [module.pk, connection.ops.adapt_datetimefield_value(now), enrolment.pk])
    enrolment.last_module_id = module.pk
    if enrolment.status == EnrolmentStatus.ACTIVE and progress.all_required_done:
        progress.completed_now = _course_complete(enrolment)
    return progress


def _course_complete(enrolment: Enrolment) -> bool:
    """Complete the cycle if every required module is done, checked again under the
    enrolment's row lock: of two requests finishing the last two modules at once, each reads
    after its own insert, so one at least sees both; the lock lets only one complete."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
        if locked.status != EnrolmentStatus.ACTIVE or locked.cycle != enrolment.cycle:
            return False
        if not course_progress(locked).all_required_done:
            return False
        # A course with extra rules (hours attended) asks their providers; others cost nothing more.
        if has_requirements(locked) and locked.pk not in requirements_met([locked]):
            return False
        enrolment_complete(enrolment=locked)
    enrolment.status, enrolment.completed_at = locked.status, locked.completed_at
    return True


def module_completion_record(*, enrolment: Enrolment, module: Module) -> Progress:
    """Record the module as done for the enrolment's current cycle: `module_done` for callers
    holding the objects, the module's quizzes checked here."""
    if module.course_id != enrolment.course_id:
        raise ProgressRefused(_("Ce module ne fait pas partie de cette formation."), module=module)
    if module.quiz_key and not set(module.quiz_key) <= passed_quiz_ids(enrolment, module):
        raise ProgressRefused(str(QUIZ_REFUSED), module=module)
    progress = module_done(user_id=enrolment.user_id, module_id=module.pk, quizzes_passed=True)
    enrolment.status = progress.enrolment.status
    return progress


def quiz_score(key: dict, answers: dict[str, list[str]]) -> tuple[int, dict[str, bool]]:
    """Score against the answer key: a question is right when exactly its right choices are
    ticked. Unknown question or choice ids (a forged form) count for nothing."""
    results = {}
    for question in key["questions"]:
        chosen = set(answers.get(question["id"], [])) & set(question["choices"])
        results[question["id"]] = bool(chosen) and chosen == set(question["correct"])
    score = round(100 * sum(results.values()) / len(results)) if results else 0
    return score, results


@transaction.atomic
def quiz_attempt_submit(
    *, enrolment: Enrolment, module: Module, quiz_id: str, answers: dict[str, list[str]]
) -> QuizAttempt:
    """Score one submission on the server and keep it; passing every quiz completes the module."""
    enrolment = _lock(enrolment)
    modules = course_modules(enrolment.course_id)
    done_ids = set(
        ModuleCompletion.objects.filter(enrolment=enrolment, cycle=enrolment.cycle).values_list("module_id", flat=True)
    )
    _check_module(enrolment, module, modules, done_ids)
    key = module.quiz_key.get(quiz_id)
    if key is None:
        raise ProgressRefused(_("Ce quiz n'existe plus : rechargez la page."))
    limit = enrolment.course.max_quiz_attempts
    if limit is not None:
        used = QuizAttempt.objects.filter(
            enrolment=enrolment, cycle=enrolment.cycle, module=module, quiz_id=quiz_id
        ).count()
        if used >= limit:
            raise ProgressRefused(_("Vous avez utilisé vos %(limit)s tentatives pour ce quiz.") % {"limit": limit})
    kept = {question["id"]: list(answers.get(question["id"], []))[:20] for question in key["questions"]}
    # A question left blank is a slip, not a wrong answer: scoring it would count a 0 % attempt
    # in the trainers' statistics (and use up one of the limited attempts).
    unanswered = [
        question["id"] for question in key["questions"] if not set(kept[question["id"]]) & set(question["choices"])
    ]
    if unanswered:
        raise QuizUnanswered(question_ids=unanswered, answers=kept)
    score, results = quiz_score(key, kept)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        cycle=enrolment.cycle,
        module=module,
        quiz_id=quiz_id,
        answers=kept,
        results=results,
        score=score,
        passed=score >= enrolment.course.pass_mark,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(last_module=module, last_activity_at=timezone.now())
    if attempt.passed and set(module.quiz_key) <= passed_quiz_ids(enrolment, module):
        module_completion_record(enrolment=enrolment, module=module)
    return attempt


def course_completions_recheck(*, course_id: int) -> int:
    """After the required modules of a course changed (one unpublished, or made optional),
    complete the active enrolments that now have every required module done. Each enrolment
    is checked under its own row lock; returns how many were completed."""
    required = set(
        Module.objects.published().filter(course_id=course_id, is_required=True).values_list("pk", flat=True)
    )
    if not required:
        return 0
    completed = 0
    active = Enrolment.objects.active().filter(course_id=course_id)
    for enrolment_id in active.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment_id)
            if enrolment.status != EnrolmentStatus.ACTIVE:
                continue
            done = set(
                ModuleCompletion.objects.filter(enrolment=enrolment, cycle=enrolment.cycle).values_list(
                    "module_id", flat=True
                )
            )
            if required <= done and enrolment.pk in requirements_met([enrolment]):
                enrolment_complete(enrolment=enrolment)
                completed += 1
    return completed


def recheck_completion(enrolment_ids: Iterable[int]) -> list[int]:
    """Complete the active enrolments among `enrolment_ids` whose required modules are done and
    whose extra requirements (hours attended) are now met: what an app that feeds a requirement
    calls after its data changed (facetoface, after closing a session or correcting a mark).
    Set-based: three reads for any number of enrolments, then each one to complete is locked and
    checked again. Returns the ids completed."""
    ids = set(enrolment_ids)
    if not ids:
        return []
    enrolments = list(Enrolment.objects.active().filter(pk__in=ids).select_related("course").order_by("pk"))
    if not enrolments:
        return []
    course_ids = {enrolment.course_id for enrolment in enrolments}
    required: dict[int, set[int]] = {course_id: set() for course_id in course_ids}
    for course_id, module_id in (
        Module.objects.published().filter(course_id__in=course_ids, is_required=True).values_list("course_id", "pk")
    ):
        required[course_id].add(module_id)
    cycles = {enrolment.pk: enrolment.cycle for enrolment in enrolments}
    done: dict[int, set[int]] = {enrolment.pk: set() for enrolment in enrolments}
    for enrolment_id, cycle, module_id in ModuleCompletion.objects.filter(enrolment_id__in=cycles).values_list(
        "enrolment_id", "cycle", "module_id"
    ):
        if cycles[enrolment_id] == cycle:
            done[enrolment_id].add(module_id)
    ready = [enrolment for enrolment in enrolments if required[enrolment.course_id] <= done[enrolment.pk]]
    met = requirements_met(ready)
    completed = []
    for enrolment in ready:
        if enrolment.pk not in met:
            continue
        with transaction.atomic():
            locked = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
            # Modules done are never removed within a cycle; the status and cycle may have moved.
            if locked.status != EnrolmentStatus.ACTIVE or locked.cycle != enrolment.cycle:
                continue
            enrolment_complete(enrolment=locked)
        completed.append(enrolment.pk)
    return completed
