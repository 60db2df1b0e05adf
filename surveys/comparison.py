"""The organisation's answers beside its département's aggregate (small cells suppressed)."""

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from surveys.models import Response
from surveys.questions import CHOICE_KINDS, Question, QuestionKind
from surveys.selectors import campaign_aggregates, organisation_departement_code, response_answers


def display_answer(question: Question, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(question.choice_label(item) for item in value)
    if question.kind in CHOICE_KINDS:
        return question.choice_label(str(value))
    if question.kind == QuestionKind.NUMBER:
        text = number_format(Decimal(value).normalize(), use_l10n=True)
        return f"{text} {question.unit}".strip()
    return str(value)


def comparison_rows(response: Response) -> dict:
    campaign = response.campaign
    answers = response_answers(response)
    code = organisation_departement_code(response.organisation)
    aggregate = campaign_aggregates(campaign).get(code)
    suppressed = aggregate is None or aggregate.suppressed
    sections = []
    for section in campaign.questionnaire.sections:
        items = []
        for question in section.questions:
            if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                territory = ""  # free text is never aggregated
            elif suppressed or aggregate is None:
                territory = _("moins de 3 réponses")
            elif question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
                mean = aggregate.means.get(question.key)
                territory = (
                    _("moyenne : %(mean)s") % {"mean": number_format(mean, use_l10n=True)} if mean is not None else ""
                )
            else:
                counts = aggregate.choices.get(question.key, {})
                answered = aggregate.answered.get(question.key, 0)
                parts = [
                    f"{label} : {round(100 * counts.get(value, 0) / answered)} %"
                    for value, label in question.options
                    if answered
                ]
                territory = " · ".join(parts)
            items.append(
                {
                    "question": question,
                    "mine": display_answer(question, answers.get(question.key)),
                    "territory": territory,
                }
            )
        sections.append({"title": section.title, "items": items})
    return {
        "comparison": sections,
        "suppressed": suppressed,
        "respondents": aggregate.respondents if aggregate else 0,
        "departement_code": code,
    }
