"""Progress through a course: completing modules, passing quizzes, completing the course.

Every write locks the enrolment row first (DESIGN.md §2 "Concurrency"): two requests finishing
the last two modules at once each see the other's completion, and the course completes once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrolment, EnrolmentStatus, Module, ModuleCompletion, QuizAttempt
from courses.services.enrolments import enrolment_complete


class ProgressRefused(Exception):
    """The step cannot be recorded; the message says why, in French."""


def course_modules(course_id: int) -> list[Module]:
    return list(Module.objects.published().filter(course_id=course_id).order_by("position", "id"))


def passed_quiz_ids(enrolment: Enrolment, module: Module) -> set[str]:
    return set(
        QuizAttempt.objects.filter(enrolment=enrolment, cycle=enrolment.cycle, module=module, passed=True).values_list(
            "quiz_id", flat=True
        )
    )


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


def _lock(enrolment: Enrolment) -> Enrolment:
    locked = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    if locked.status == EnrolmentStatus.WITHDRAWN:
        raise ProgressRefused(_("Vous avez quitté cette formation : réinscrivez-vous pour reprendre."))
    return locked


def _check_module(enrolment: Enrolment, module: Module, modules: list[Module], done_ids: set[int]) -> None:
    if module.course_id != enrolment.course_id or not module.is_published:
        raise ProgressRefused(_("Ce module ne fait pas partie de cette formation."))
    locked = locked_module_ids(is_sequential=enrolment.course.is_sequential, modules=modules, done_ids=done_ids)
    if module.pk in locked:
        raise ProgressRefused(_("Terminez d'abord les modules précédents : cette formation se suit dans l'ordre."))


@transaction.atomic
def module_completion_record(*, enrolment: Enrolment, module: Module) -> ModuleCompletion:
    """Record the module as done for this cycle (once), then complete the course when every
    required module is done."""
    enrolment = _lock(enrolment)
    modules = course_modules(enrolment.course_id)
    done_ids = set(
        ModuleCompletion.objects.filter(enrolment=enrolment, cycle=enrolment.cycle).values_list("module_id", flat=True)
    )
    _check_module(enrolment, module, modules, done_ids)
    if module.quiz_key and not set(module.quiz_key) <= passed_quiz_ids(enrolment, module):
        raise ProgressRefused(_("Réussissez d'abord le quiz de ce module."))
    completion, _created = ModuleCompletion.objects.get_or_create(
        enrolment=enrolment, cycle=enrolment.cycle, module=module
    )
    done_ids.add(module.pk)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_module=module, last_activity_at=timezone.now())
    required = {candidate.pk for candidate in modules if candidate.is_required}
    if enrolment.status == EnrolmentStatus.ACTIVE and required <= done_ids:
        enrolment_complete(enrolment=enrolment)
    return completion


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
    active = Enrolment.objects.filter(course_id=course_id, status=EnrolmentStatus.ACTIVE)
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
            if required <= done:
                enrolment_complete(enrolment=enrolment)
                completed += 1
    return completed
