"""What a signed-in learner sees on course and module pages: their enrolment, the state of
each module, the quiz form's action and, after a submission, its feedback. Visitors get none
of it (and their pages stay cacheable)."""

from django.urls import reverse

from courses.models import EnrolmentStatus
from courses.selectors import add_quiz_attempts, learner_enrolment, learner_progress, module_progress
from courses.services.enrolments import enrolment_content_seen, self_enrolment_eligibility
from courses.services.progress import QUIZ_DRAFT_SESSION_KEY


def _enrolment(request, course_id):
    if not request.user.is_authenticated or course_id is None:
        return None
    return learner_enrolment(request.user, course_id)


def course_learner_context(request, course_page, module_pages) -> dict:
    enrolment = _enrolment(request, course_page.course_id)
    context = {"enrolment": enrolment, "enrol_url": None, "eligibility": None, "module_states": {}}
    if course_page.course_id is not None:
        context["enrol_url"] = reverse("courses:enrol", args=[course_page.course_id])
    if enrolment is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        if request.user.is_authenticated and course_page.course is not None:
            context["eligibility"] = self_enrolment_eligibility(user=request.user, course=course_page.course)
        return context
    progress = learner_progress(enrolment)
    states = {module.source_page_id: progress.state(module) for module in progress.modules}
    context.update(
        {
            "progress": progress,
            "module_states": {page.pk: states.get(page.pk, "todo") for page in module_pages},
            "resume_url": reverse("courses:resume", args=[enrolment.pk]),
        }
    )
    enrolment_content_seen(enrolment=enrolment)
    return context


def module_learner_context(request, module_page, course_page) -> dict:
    """The enrolment, its progress and this module's state, in one statement for an enrolled
    learner (courses.selectors.module_progress); the quiz's attempts only if the module has a
    quiz, its answer key only once attempted."""
    if not request.user.is_authenticated:
        return {}
    found = None
    if module_page.module_id is not None:
        found = module_progress(user_id=request.user.pk, module_id=module_page.module_id)
    if found is None:  # not enrolled (or the module is not tracked): the page invites to enrol
        return {"enrolment": _enrolment(request, course_page.specific_deferred.course_id)}
    progress, with_quiz = found
    enrolment = progress.enrolment
    module = next((module for module in progress.modules if module.pk == module_page.module_id), None)
    if module is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        return {"enrolment": enrolment}
    if module.pk in with_quiz:
        add_quiz_attempts(progress, module)
    state = progress.state(module)
    # A submission refused for blank questions comes back once, with what was ticked.
    draft = request.session.get(QUIZ_DRAFT_SESSION_KEY)
    quiz_drafts = {}
    if draft and draft.get("module") == module.pk:
        del request.session[QUIZ_DRAFT_SESSION_KEY]
        quiz_drafts[draft["quiz"]] = draft
    # The choices to show ticked: a refused draft's, else the latest attempt's.
    quiz_answers = {quiz_id: attempt.answers for quiz_id, attempt in progress.attempts.items()}
    quiz_answers.update({quiz_id: draft["answers"] for quiz_id, draft in quiz_drafts.items()})
    open_ = state != "locked"
    has_quiz = module.pk in with_quiz
    return {
        "enrolment": enrolment,
        "progress": progress,
        "module_state": state,
        "quiz_action": reverse("courses:submit_quiz", args=[module.pk]) if open_ else None,
        "complete_action": reverse("courses:complete_module", args=[module.pk])
        if open_ and not has_quiz and state != "done"
        else None,
        "quiz_attempts": progress.attempts,
        "quiz_drafts": quiz_drafts,
        "quiz_answers": quiz_answers,
        "quiz_key": module.quiz_key if progress.attempts else {},
        "next_open_module": progress.next_module,
        # The side column's module list, by page: read from the progress already loaded.
        "module_states": {item.source_page_id: progress.state(item) for item in progress.modules},
    }
