"""Which of a course's surveys a learner may answer now (issue 31). Read by the course page
section, the answering view and the completion e-mail; the rules live here once.

- satisfaction and the "after" self-assessment: once the course is finished;
- the "before" self-assessment: enrolled, before the first module is done.
Each is answered once (CourseAnswerMarker); none is ever required for the attestation."""

from dataclasses import dataclass

from courses.models import Enrolment, ModuleCompletion
from surveys.models import CourseAnswerMarker, CourseSurvey, CourseSurveyKind, Questionnaire

# French slugs in the answering address, the stored kinds behind them.
KIND_SLUGS = {
    "satisfaction": CourseSurveyKind.SATISFACTION,
    "avant": CourseSurveyKind.BEFORE,
    "apres": CourseSurveyKind.AFTER,
}
SLUG_OF_KIND: dict[str, str] = {kind: slug for slug, kind in KIND_SLUGS.items()}


@dataclass(frozen=True)
class Offer:
    kind: str
    questionnaire: Questionnaire
    answered: bool

    @property
    def slug(self) -> str:
        return SLUG_OF_KIND[self.kind]


def course_survey(course_id: int) -> CourseSurvey | None:
    return CourseSurvey.objects.select_related("satisfaction", "self_assessment").filter(course_id=course_id).first()


def _open_kinds(enrolment: Enrolment | None) -> list[str]:
    if enrolment is None:
        return []
    if enrolment.completed_at is not None:
        return [CourseSurveyKind.SATISFACTION, CourseSurveyKind.AFTER]
    if enrolment.status == "active" and not ModuleCompletion.objects.filter(enrolment=enrolment).exists():
        return [CourseSurveyKind.BEFORE]
    return []


def learner_offers(user, course_id: int) -> list[Offer]:
    """The surveys this learner may answer on this course now, answered or not."""
    if not user.is_authenticated:
        return []
    survey = course_survey(course_id)
    if survey is None:
        return []
    enrolment = Enrolment.objects.filter(user=user, course_id=course_id).first()
    kinds = [kind for kind in _open_kinds(enrolment) if survey.questionnaire_for(kind) is not None]
    if not kinds:
        return []
    answered = set(
        CourseAnswerMarker.objects.filter(user=user, course_id=course_id, kind__in=kinds).values_list("kind", flat=True)
    )
    return [
        Offer(kind=kind, questionnaire=questionnaire, answered=kind in answered)
        for kind in kinds
        if (questionnaire := survey.questionnaire_for(kind)) is not None
    ]


def learner_offer(user, course_id: int, kind: str) -> Offer | None:
    return next((offer for offer in learner_offers(user, course_id) if offer.kind == kind), None)
