"""Demo learners' opinions (issue 31): the parents' course offers the satisfaction survey and the
before/after self-assessment, with answers from 12 learners (enough to show the figures), and the
Ardèche workshops course has 3 answers only ("pas encore assez de réponses"). Idempotent: a course
that already holds demo answers is left as it is. The answers are anonymous sheets, as real ones
are: no demo account is linked to them."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Course
from surveys.defaults import COURSE_SATISFACTION_FAMILY, SELF_ASSESSMENT_FAMILY
from surveys.models import CourseAnswer, CourseSheet, CourseSurvey, CourseSurveyKind, Questionnaire
from surveys.services.course_answers import iso_week

PARENTS_COURSE = "Accompagner son enfant sur Internet"
WORKSHOPS_COURSE = "Organiser des ateliers numériques pour les familles en Ardèche"
LEARNERS = 12
FEW = 3
COMMENTS = [
    "Très clair, j'ai enfin compris comment régler le contrôle parental.",
    "Les exemples concrets m'ont aidée à parler des écrans avec mes enfants.",
    "Un peu long sur l'ENT, mais utile.",
    "J'aurais aimé une vidéo de plus sur les réseaux sociaux.",
    "Parfait pour commencer, je la conseille aux parents de l'école.",
    "Le quiz permet de vérifier qu'on a bien retenu.",
]


def _latest(family: str) -> Questionnaire:
    return Questionnaire.objects.filter(family=family).order_by("-version")[:1].get()


def _sheet(course, questionnaire, kind, week, answers: dict) -> None:
    sheet = CourseSheet.objects.create(course=course, questionnaire=questionnaire, kind=kind, week=week)
    rows = []
    for key, value in answers.items():
        if isinstance(value, int):
            rows.append(CourseAnswer(sheet=sheet, key=key, number=value))
        elif key == "commentaire":
            rows.append(CourseAnswer(sheet=sheet, key=key, text=value))
        else:
            rows.append(CourseAnswer(sheet=sheet, key=key, choice=value))
    CourseAnswer.objects.bulk_create(rows)


def _satisfaction(rng: random.Random, comment: str) -> dict:
    answers = {
        "clarte": rng.choice([3, 4, 4, 5, 5]),
        "utilite": rng.choice([3, 4, 5, 5]),
        "duree": rng.choice(["adaptee", "adaptee", "adaptee", "trop_longue"]),
        "recommande": rng.choice(["oui", "oui", "oui", "non"]),
    }
    if comment:
        answers["commentaire"] = comment
    return answers


def _assessment(rng: random.Random, *, after: bool) -> dict:
    levels = [3, 4, 4, 5, 5] if after else [1, 2, 2, 3, 4]
    return {key: rng.choice(levels) for key in ("sait_trouver", "sait_faire", "sait_risques", "sait_expliquer")}


@transaction.atomic
def demo_course_ratings_load() -> str:
    satisfaction, assessment = _latest(COURSE_SATISFACTION_FAMILY), _latest(SELF_ASSESSMENT_FAMILY)
    parents = Course.objects.filter(title=PARENTS_COURSE).first()
    workshops = Course.objects.filter(title=WORKSHOPS_COURSE).first()
    if satisfaction is None or assessment is None or parents is None or workshops is None:
        return "Demo course ratings: skipped (questionnaires or courses missing)."
    for course in (parents, workshops):
        CourseSurvey.objects.get_or_create(
            course=course, defaults={"satisfaction": satisfaction, "self_assessment": assessment}
        )
    rng = random.Random(31)  # noqa: S311 - demo figures, not security
    weeks = [iso_week(timezone.now() - timedelta(weeks=number)) for number in range(6)]
    created = 0
    if not CourseSheet.objects.filter(course=parents).exists():
        for learner in range(LEARNERS):
            comment = COMMENTS[learner] if learner < len(COMMENTS) else ""
            _sheet(parents, assessment, CourseSurveyKind.BEFORE, weeks[-1], _assessment(rng, after=False))
            _sheet(parents, assessment, CourseSurveyKind.AFTER, rng.choice(weeks), _assessment(rng, after=True))
            _sheet(parents, satisfaction, CourseSurveyKind.SATISFACTION, rng.choice(weeks), _satisfaction(rng, comment))
        created += LEARNERS
    if not CourseSheet.objects.filter(course=workshops).exists():
        for _learner in range(FEW):
            _sheet(workshops, satisfaction, CourseSurveyKind.SATISFACTION, rng.choice(weeks), _satisfaction(rng, ""))
        created += FEW
    Questionnaire.objects.filter(pk__in=[satisfaction.pk, assessment.pk], frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
    return f"Demo course ratings: {created} learners' answers created."
