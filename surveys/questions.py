"""A questionnaire's questions as plain data, read from its StreamField, and the rules that
answer them: which questions show (conditions on earlier answers), what an answer must be.

Answers travel as {key: value}: a string for single choice, yes/no, short and long text; a list
of strings for multiple choice; an int for the scale; a Decimal for a number. They are stored as
Answer rows (one per chosen option), so that aggregates are GROUP BY queries."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    SCALE = "scale", _("échelle de 1 à 5")
    NUMBER = "number", _("nombre")
    SHORT_TEXT = "short_text", _("texte court")
    LONG_TEXT = "long_text", _("texte long")
    YES_NO = "yes_no", _("oui / non")


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("est égal à")
    INCLUDES = "includes", _("comprend")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO}
YES, NO = "oui", "non"
SCALE_VALUES = range(1, 6)
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000


@dataclass(frozen=True)
class Condition:
    key: str
    operator: str
    value: str

    def holds(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.key)
        if answer is None:
            return False
        if self.operator == ConditionOperator.INCLUDES:
            return self.value in answer if isinstance(answer, list) else str(answer) == self.value
        return str(answer) == self.value


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    scale_min_label: str = ""
    scale_max_label: str = ""
    unit: str = ""
    minimum: int | None = None
    maximum: int | None = None
    condition: Condition | None = None

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        if self.kind == QuestionKind.YES_NO:
            return ((YES, gettext("Oui")), (NO, gettext("Non")))
        if self.kind == QuestionKind.SCALE:
            return tuple((str(value), str(value)) for value in SCALE_VALUES)
        return self.choices

    def choice_label(self, value: str) -> str:
        return dict(self.options).get(value, value)

    def is_visible(self, answers: Mapping[str, Any]) -> bool:
        return self.condition is None or self.condition.holds(answers)


@dataclass(frozen=True)
class Section:
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = field(default_factory=tuple)


def _text(value: Any) -> str:
    return str(value or "").strip()


def question_from_block(value: Mapping[str, Any]) -> Question:
    condition = None
    if _text(value.get("condition_key")):
        condition = Condition(
            key=_text(value.get("condition_key")),
            operator=_text(value.get("condition_operator")) or ConditionOperator.EQUALS,
            value=_text(value.get("condition_value")),
        )
    choices = tuple(
        (_text(choice.get("value")), _text(choice.get("label")) or _text(choice.get("value")))
        for choice in value.get("choices") or ()
    )
    return Question(
        key=_text(value.get("key")),
        kind=_text(value.get("kind")),
        label=_text(value.get("label")),
        help_text=_text(value.get("help_text")),
        required=bool(value.get("required")),
        choices=choices,
        scale_min_label=_text(value.get("scale_min_label")),
        scale_max_label=_text(value.get("scale_max_label")),
        unit=_text(value.get("unit")),
        minimum=value.get("minimum"),
        maximum=value.get("maximum"),
        condition=condition,
    )


def sections_from_stream(stream: Iterable[Any]) -> list[Section]:
    """The sections of a StreamField value (or of its raw JSON list, as shipped in data)."""
    sections = []
    for block in stream:
        value = block.value if hasattr(block, "value") else block["value"]
        sections.append(
            Section(
                title=_text(value.get("title")),
                intro=_text(value.get("intro")),
                questions=tuple(question_from_block(question) for question in value.get("questions") or ()),
            )
        )
    return sections


def structure_errors(sections: list[Section]) -> list[str]:
    """What makes a questionnaire unusable: duplicate or malformed keys, choice questions without
    options, conditions on a later or unknown question, a minimum above the maximum."""
    errors: list[str] = []
    seen: dict[str, Question] = {}
    for section in sections:
        for question in section.questions:
            if not KEY_PATTERN.match(question.key):
                errors.append(
                    gettext("« %(key)s » : une clé s'écrit en minuscules, chiffres et « _ ».") % {"key": question.key}
                )
            if question.key in seen:
                errors.append(gettext("La clé « %(key)s » sert deux fois.") % {"key": question.key})
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(question.choices) < 2:
                errors.append(gettext("« %(key)s » : indiquez au moins deux choix.") % {"key": question.key})
            if question.minimum is not None and question.maximum is not None and question.minimum > question.maximum:
                errors.append(gettext("« %(key)s » : le minimum dépasse le maximum.") % {"key": question.key})
            if question.condition is not None:
                source = seen.get(question.condition.key)
                if source is None:
                    errors.append(
                        gettext("« %(key)s » : la condition doit porter sur une question précédente.")
                        % {"key": question.key}
                    )
                elif source.kind in CHOICE_KINDS and question.condition.value not in dict(source.options):
                    errors.append(
                        gettext("« %(key)s » : la valeur de la condition n'est pas un choix de « %(source)s ».")
                        % {"key": question.key, "source": source.key}
                    )
            seen[question.key] = question
    return errors


def clean_answer(question: Question, raw: list[str]) -> tuple[Any, str | None]:
    """The answer to one visible question from the submitted strings: (value or None, error)."""
    values = [item.strip() for item in raw if item.strip()]
    if not values:
        if question.required:
            if question.kind == QuestionKind.MULTIPLE:
                return None, gettext("Cochez au moins une réponse.")
            if question.kind in CHOICE_KINDS or question.kind == QuestionKind.SCALE:
                return None, gettext("Choisissez une réponse.")
            return None, gettext("Cette question demande une réponse.")
        return None, None
    if question.kind == QuestionKind.MULTIPLE:
        allowed = dict(question.options)
        if any(value not in allowed for value in values):
            return None, gettext("Choisissez parmi les réponses proposées.")
        return sorted(set(values), key=list(allowed).index), None
    value = values[0]
    if question.kind in CHOICE_KINDS:
        if value not in dict(question.options):
            return None, gettext("Choisissez parmi les réponses proposées.")
        return value, None
    if question.kind == QuestionKind.SCALE:
        if value not in {str(number) for number in SCALE_VALUES}:
            return None, gettext("Choisissez une valeur de 1 à 5.")
        return int(value), None
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(value.replace(",", ".").replace(" ", "").replace("\u202f", ""))
        except InvalidOperation:
            return None, gettext("Saisissez un nombre, par exemple 12 ou 3,5.")
        if not number.is_finite():
            return None, gettext("Saisissez un nombre, par exemple 12 ou 3,5.")
        if question.minimum is not None and number < question.minimum:
            return None, gettext("Saisissez un nombre supérieur ou égal à %(min)s.") % {"min": question.minimum}
        if question.maximum is not None and number > question.maximum:
            return None, gettext("Saisissez un nombre inférieur ou égal à %(max)s.") % {"max": question.maximum}
        return number, None
    limit = SHORT_TEXT_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(value) > limit:
        return None, gettext("%(count)s caractères au plus.") % {"count": limit}
    return value, None


def clean_section(
    section: Section, data: Mapping[str, list[str]], earlier: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean one section's submitted data. A question shows when its condition holds on the
    answers given so far (earlier sections, and earlier questions of this one); a hidden question
    is neither required nor kept. Returns (answers, errors by key); a None answer is no answer."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = dict(earlier)
    for question in section.questions:
        if not question.is_visible(known):
            answers[question.key] = None
            known.pop(question.key, None)
            continue
        value, error = clean_answer(question, data.get(question.key, []))
        if error:
            errors[question.key] = error
        answers[question.key] = value
        if value is not None:
            known[question.key] = value
        else:
            known.pop(question.key, None)
    return answers, errors


def all_questions(sections: list[Section]) -> list[Question]:
    return [question for section in sections for question in section.questions]
