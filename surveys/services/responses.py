"""Answering: one response per organisation and campaign, saved section by section by any of its
managers, submitted once, reopened by the agency on request."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.organisations.models import Organisation
from surveys.models import Answer, Campaign, Response, ResponseStatus
from surveys.questions import QuestionKind, all_questions, clean_section
from surveys.selectors import response_answers


class ResponseClosed(ValidationError):
    pass


def response_get_or_start(*, campaign: Campaign, organisation: Organisation, user: User) -> Response:
    """The organisation's response, created on first save. Two managers saving their first
    section at once both end on the same row: the unique constraint refuses the second insert,
    which then reads the first's."""
    response = Response.objects.filter(campaign=campaign, organisation=organisation).first()
    if response is not None:
        return response
    try:
        with transaction.atomic():
            return Response.objects.create(campaign=campaign, organisation=organisation, updated_by=user)
    except IntegrityError:
        return Response.objects.get(campaign=campaign, organisation=organisation)


def _answer_rows(response: Response, kind: str, key: str, value: Any) -> list[Answer]:
    if value is None:
        return []
    if kind == QuestionKind.MULTIPLE:
        return [Answer(response=response, key=key, choice=choice) for choice in value]
    if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
        return [Answer(response=response, key=key, choice=value)]
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return [Answer(response=response, key=key, number=value)]
    return [Answer(response=response, key=key, text=value)]


def response_save_section(
    *, campaign: Campaign, organisation: Organisation, user: User, index: int, data: dict[str, list[str]]
) -> tuple[Response | None, dict[str, str]]:
    """Validate and store one section's answers. With errors nothing is stored and they are
    returned by key; the response is created on the first valid save. Answers of questions the
    new answers hide are removed, wherever they are, so that a hidden question keeps no answer."""
    if not campaign.is_open():
        raise ResponseClosed(_("Cette enquête est close."))
    sections = campaign.questionnaire.sections
    section = sections[index]
    existing = Response.objects.filter(campaign=campaign, organisation=organisation).first()
    earlier = response_answers(existing) if existing is not None else {}
    if existing is not None and existing.is_submitted:
        raise ResponseClosed(_("Ces réponses ont été envoyées : elles ne se modifient plus."))
    answers, errors = clean_section(section, data, earlier)
    if errors:
        return existing, errors
    with transaction.atomic():
        response = response_get_or_start(campaign=campaign, organisation=organisation, user=user)
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.is_submitted:
            raise ResponseClosed(_("Ces réponses ont été envoyées : elles ne se modifient plus."))
        merged = {**response_answers(response), **answers}
        hidden = _hidden_keys(sections, merged)
        questions = {question.key: question for question in all_questions(sections)}
        Answer.objects.filter(response=response, key__in=[*answers, *hidden]).delete()
        rows = []
        for key, value in answers.items():
            if key not in hidden:
                rows.extend(_answer_rows(response, questions[key].kind, key, value))
        Answer.objects.bulk_create(rows)
        response.sections_done = max(response.sections_done, index + 1)
        response.updated_by = user
        response.updated_at = timezone.now()
        response.save(update_fields=["sections_done", "updated_by", "updated_at"])
    return response, {}


def _hidden_keys(sections: list, answers: dict[str, Any]) -> set[str]:
    """Keys whose question the answers hide, read in order as the form shows them."""
    known: dict[str, Any] = {}
    hidden = set()
    for question in all_questions(sections):
        if question.is_visible(known):
            if answers.get(question.key) is not None:
                known[question.key] = answers[question.key]
        else:
            hidden.add(question.key)
    return hidden


def response_missing(response: Response) -> list[str]:
    """Keys of visible required questions without an answer."""
    answers = response_answers(response)
    known: dict[str, Any] = {}
    missing = []
    for question in all_questions(response.campaign.questionnaire.sections):
        if not question.is_visible(known):
            continue
        value = answers.get(question.key)
        if value in (None, "", []):
            if question.required:
                missing.append(question.key)
        else:
            known[question.key] = value
    return missing


@transaction.atomic
def response_submit(*, response: Response, user: User) -> Response:
    response = Response.objects.select_for_update().select_related("campaign__questionnaire").get(pk=response.pk)
    if response.is_submitted:
        return response
    if not response.campaign.is_open():
        raise ResponseClosed(_("Cette enquête est close."))
    if response.sections_done < len(response.campaign.questionnaire.sections) or response_missing(response):
        raise ValidationError(_("Des questions obligatoires restent sans réponse."))
    response.status = ResponseStatus.SUBMITTED
    response.submitted_by = user
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_by", "submitted_at"])
    return response


@transaction.atomic
def response_reopen(*, response: Response) -> Response:
    """The agency reopens a submitted response at the organisation's request."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_submitted:
        response.status = ResponseStatus.DRAFT
        response.reopened_at = timezone.now()
        response.save(update_fields=["status", "reopened_at"])
    return response
