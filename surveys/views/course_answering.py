"""A learner answers a course's satisfaction survey or self-assessment: one page, anonymous,
once. Offered on the course page (a course section) and in the completion e-mail; never
required for the attestation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.models import Course
from lms.accounts.http import AuthenticatedHttpRequest
from surveys.course_offers import KIND_SLUGS, learner_offer
from surveys.services.course_answers import AlreadyAnswered, course_answers_submit
from surveys.views.answering import _question_rows


@login_required
@require_http_methods(["GET", "POST"])
def course_answer(request: AuthenticatedHttpRequest, course_id: int, kind_slug: str) -> HttpResponse:
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    course = get_object_or_404(Course, pk=course_id)
    offer = learner_offer(request.user, course.pk, kind)
    # Not enrolled, not finished (or already started, for "before"), or no such survey: a 404.
    if offer is None:
        raise Http404
    back = course.url or "/"
    if offer.answered:
        messages.info(request, _("Vous avez déjà répondu : merci !"))
        return HttpResponseRedirect(back)
    questionnaire = offer.questionnaire
    errors: dict[str, str] = {}
    data = None
    if request.method == "POST":
        data = request.POST
        try:
            errors = course_answers_submit(
                user=request.user, course=course, kind=kind, questionnaire=questionnaire, data=request.POST
            )
        except AlreadyAnswered as refusal:
            messages.info(request, refusal.message)
            return HttpResponseRedirect(back)
        if not errors:
            messages.success(request, _("Merci ! Vos réponses sont enregistrées, sans votre nom."))
            return HttpResponseRedirect(back)
    sections = [
        {"section": section, "rows": _question_rows(section, {}, data, errors, {})}
        for section in questionnaire.sections
    ]
    return render(
        request,
        "surveys/course_answer.html",
        {
            "course": course,
            "questionnaire": questionnaire,
            "kind": kind,
            "sections": sections,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def course_results_csv(request, course_id: int):
    """The admin's CSV of a course's results: the same threshold as the page, no comments."""
    from lms.runtime.csv_export import csv_download
    from surveys.course_results import course_results, course_results_csv_rows
    from surveys.course_statistics import may_see_course_results

    if not may_see_course_results(request.user):
        raise Http404
    course = get_object_or_404(Course, pk=course_id)
    rows = course_results_csv_rows(course_results(course.pk))
    return csv_download(
        f"avis-formation-{course.pk}.csv",
        [_("Questionnaire"), _("Type"), _("Question"), _("Réponse"), _("Apprenants"), _("Part (%)")],
        rows,
    )
