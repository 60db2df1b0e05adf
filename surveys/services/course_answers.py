"""A learner's anonymous answers to a course's survey (issue 31). The marker (who answered) and
the sheet (what was answered, with no who, no organisation, only the ISO week) are written in one
transaction; the marker's unique constraint refuses a second answer, even from two posts at once,
and then nothing of the second is kept."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course
from lms.accounts.models import User
from surveys.models import CourseAnswer, CourseAnswerMarker, CourseSheet, Questionnaire
from surveys.questions import QuestionKind, all_questions, clean_section


class AlreadyAnswered(ValidationError):
    pass


def iso_week(moment: datetime | None = None) -> str:
    year, week, _day = timezone.localdate(moment).isocalendar()
    return f"{year}-W{week:02d}"


def _rows(sheet: CourseSheet, kind: str, key: str, value: Any) -> list[CourseAnswer]:
    if value is None:
        return []
    if kind == QuestionKind.MULTIPLE:
        return [CourseAnswer(sheet=sheet, key=key, choice=choice) for choice in value]
    if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
        return [CourseAnswer(sheet=sheet, key=key, choice=value)]
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return [CourseAnswer(sheet=sheet, key=key, number=value)]
    return [CourseAnswer(sheet=sheet, key=key, text=value)]


def course_answers_clean(
    questionnaire: Questionnaire, data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Every section of the questionnaire at once (these are a few questions on one page).
    `data` is a QueryDict or {key: [values]}."""
    if hasattr(data, "getlist"):
        data = {key: data.getlist(key) for key in data}
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for section in questionnaire.sections:
        section_answers, section_errors = clean_section(section, data, answers)
        answers.update(section_answers)
        errors.update(section_errors)
    return answers, errors


def course_answers_submit(
    *, user: User, course: Course, kind: str, questionnaire: Questionnaire, data: Mapping[str, Any]
) -> dict[str, str]:
    """Store one learner's answers anonymously, once. Returns the errors by question key (nothing
    stored then); raises AlreadyAnswered when this learner has answered this survey already."""
    answers, errors = course_answers_clean(questionnaire, data)
    if errors:
        return errors
    kinds = {question.key: question.kind for question in all_questions(questionnaire.sections)}
    try:
        with transaction.atomic():
            CourseAnswerMarker.objects.create(user=user, course=course, kind=kind)
            sheet = CourseSheet.objects.create(course=course, questionnaire=questionnaire, kind=kind, week=iso_week())
            rows = []
            for key, value in answers.items():
                rows.extend(_rows(sheet, kinds[key], key, value))
            CourseAnswer.objects.bulk_create(rows)
            # A version that holds answers no longer changes: editing it saves the next version
            # (surveys.services.questionnaires), so that each version's figures stay true.
            Questionnaire.objects.filter(pk=questionnaire.pk, frozen_at__isnull=True).update(frozen_at=timezone.now())
    except IntegrityError:
        raise AlreadyAnswered(_("Vous avez déjà répondu : merci !")) from None
    return {}
