"""Organisation pages: answering a campaign section by section, sending, the results beside the
département's, the CSV of its answers, and the manager space's tab."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.accounts.http import AuthenticatedHttpRequest
from lms.runtime.csv_export import csv_download
from surveys.access import access_managed_organisation_surveys, access_target
from surveys.comparison import comparison_rows, display_answer
from surveys.models import Response
from surveys.questions import ConditionOperator, QuestionKind
from surveys.selectors import campaigns_for_manager, response_answers
from surveys.services.responses import ResponseClosed, response_missing, response_save_section, response_submit


def _section_index(request: AuthenticatedHttpRequest, count: int, response: Response | None) -> int:
    """The part asked for, or where the organisation left off (the first part not yet saved)."""
    if "partie" not in request.GET:
        return min(response.sections_done, count - 1) if response is not None else 0
    try:
        index = int(request.GET["partie"]) - 1
    except ValueError:
        raise Http404 from None
    if not 0 <= index < count:
        raise Http404
    return index


def _question_rows(section, answers: dict[str, Any], data, errors: dict[str, str], earlier: dict[str, Any]) -> list:
    """What the template needs per question. A question whose condition is on an earlier section
    is left out when it does not hold; one whose condition is in this section is shown with a
    hint (and hidden by the small script) because, without JavaScript, the page cannot know yet."""
    section_keys = {question.key for question in section.questions}
    rows = []
    for question in section.questions:
        condition = question.condition
        in_section = condition is not None and condition.key in section_keys
        if condition is not None and not in_section and not question.is_visible(earlier):
            continue
        if data is not None:
            values = data.getlist(question.key)
        else:
            value = answers.get(question.key)
            values = value if isinstance(value, list) else ([] if value is None else [str(value)])
        source_label = ""
        if in_section:
            source = next(item for item in section.questions if item.key == condition.key)
            source_label = source.choice_label(condition.value)
        rows.append(
            {
                "question": question,
                "values": [str(value) for value in values],
                "error": errors.get(question.key, ""),
                "conditional": in_section,
                "condition_hint": source_label,
                "is_choice": question.kind
                in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO, QuestionKind.SCALE),
                "input_type": "checkbox" if question.kind == QuestionKind.MULTIPLE else "radio",
                "includes": condition is not None and condition.operator == ConditionOperator.INCLUDES,
            }
        )
    return rows


@login_required
def answer(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    target = access_target(request.user, pk, slug)
    campaign, organisation = target.campaign, target.organisation
    sections = campaign.questionnaire.sections
    response = Response.objects.filter(campaign=campaign, organisation=organisation).first()
    if response is not None and response.is_submitted:
        return redirect("surveys:results", campaign.pk, organisation.slug)
    if not campaign.is_open():
        return render(request, "surveys/closed.html", {"campaign": campaign, "organisation": organisation})
    index = _section_index(request, len(sections), response)
    answers = response_answers(response) if response is not None else {}
    errors: dict[str, str] = {}
    data = None
    if request.method == "POST":
        data = request.POST
        try:
            response, errors = response_save_section(
                campaign=campaign,
                organisation=organisation,
                user=request.user,
                index=index,
                data={key: request.POST.getlist(key) for key in request.POST},
            )
        except ResponseClosed as error:
            messages.error(request, " ".join(error.messages))
            return redirect("surveys:answer", campaign.pk, organisation.slug)
        if not errors:
            if request.POST.get("action") == "leave":
                messages.success(request, _("Vos réponses sont enregistrées : vous pourrez reprendre plus tard."))
                return redirect("surveys:index")
            if index + 1 < len(sections):
                return redirect(
                    reverse("surveys:answer", args=[campaign.pk, organisation.slug]) + f"?partie={index + 2}"
                )
            return redirect("surveys:review", campaign.pk, organisation.slug)
    section = sections[index]
    earlier_keys = {question.key for earlier_section in sections[:index] for question in earlier_section.questions}
    earlier = {key: value for key, value in answers.items() if key in earlier_keys}
    return render(
        request,
        "surveys/answer.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "response": response,
            "section": section,
            "index": index,
            "number": index + 1,
            "count": len(sections),
            "sections": [
                {
                    "title": item.title,
                    "number": position + 1,
                    "done": response is not None and response.sections_done > position,
                }
                for position, item in enumerate(sections)
            ],
            "rows": _question_rows(section, answers, data, errors, earlier),
            "errors": errors,
        },
    )


@login_required
def review(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    target = access_target(request.user, pk, slug)
    campaign, organisation = target.campaign, target.organisation
    response = (
        Response.objects.filter(campaign=campaign, organisation=organisation)
        .select_related("campaign__questionnaire")
        .first()
    )
    if response is None:
        return redirect("surveys:answer", campaign.pk, organisation.slug)
    if response.is_submitted:
        return redirect("surveys:results", campaign.pk, organisation.slug)
    sections = campaign.questionnaire.sections
    if request.method == "POST":
        try:
            response_submit(response=response, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Merci : vos réponses sont envoyées."))
            return redirect("surveys:results", campaign.pk, organisation.slug)
    answers = response_answers(response)
    missing = set(response_missing(response))
    return render(
        request,
        "surveys/review.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "response": response,
            "complete": response.sections_done >= len(sections) and not missing,
            "summary": [
                {
                    "title": section.title,
                    "number": position + 1,
                    "items": [
                        {
                            "question": question,
                            "answer": display_answer(question, answers.get(question.key)),
                            "missing": question.key in missing,
                        }
                        for question in section.questions
                        if question.key in answers or question.key in missing
                    ],
                }
                for position, section in enumerate(sections)
            ],
        },
    )


@login_required
def results(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    target = access_target(request.user, pk, slug)
    campaign, organisation = target.campaign, target.organisation
    response = Response.objects.filter(campaign=campaign, organisation=organisation).first()
    if response is None or not response.is_submitted:
        return redirect("surveys:answer", campaign.pk, organisation.slug)
    return render(
        request,
        "surveys/results.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "response": response,
            **comparison_rows(response),
        },
    )


@login_required
def answers_csv(request: AuthenticatedHttpRequest, pk: int, slug: str) -> StreamingHttpResponse:
    target = access_target(request.user, pk, slug)
    campaign, organisation = target.campaign, target.organisation
    response = Response.objects.filter(campaign=campaign, organisation=organisation).first()
    if response is None:
        raise Http404
    answers = response_answers(response)
    rows = [
        [section.title, question.key, question.label, display_answer(question, answers.get(question.key))]
        for section in campaign.questionnaire.sections
        for question in section.questions
    ]
    return csv_download(
        f"enquete-{campaign.pk}-{organisation.slug}.csv", [_("Partie"), _("Clé"), _("Question"), _("Réponse")], rows
    )


@login_required
def organisation_surveys(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation_surveys(request.user, slug)
    return render(
        request,
        "surveys/organisation_surveys.html",
        {
            "organisation": organisation,
            "tab": "enquetes",
            "rows": campaigns_for_manager(request.user, organisation=organisation),
        },
    )
