"""What learners said of a course (issue 31), for the trainers' statistics page, the CSV export
and the territorial dashboards. Anonymity holds in small groups: a questionnaire version's figures
show only once at least MIN_LEARNERS learners answered it, and its free comments only once at
least MIN_COMMENTS exist, in random order. The before/after self-assessments are compared as two
distributions; nothing pairs a learner's two sheets.

The queries do not grow with the answers: the sheets counted per version (1), the versions (1),
the answers counted per question and value (1), the comments (1)."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from lms.organisations.models import Territory
from surveys.models import CourseAnswer, CourseSheet, CourseSurveyKind, Questionnaire
from surveys.questions import CHOICE_KINDS, Question, QuestionKind, all_questions

MIN_LEARNERS = 5
MIN_COMMENTS = 5
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


@dataclass
class Bar:
    value: str
    label: str
    count: int
    percent: int


@dataclass
class Distribution:
    """The answers to one question within one group of sheets."""

    question: Question
    answered: int
    bars: list[Bar]
    mean: Decimal | None = None


@dataclass
class Group:
    """One questionnaire version's sheets of one kind on one course."""

    questionnaire: Questionnaire
    kind: str
    learners: int
    distributions: dict[str, Distribution] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)  # only when shown
    comment_counts: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.learners >= MIN_LEARNERS

    @property
    def kind_label(self) -> str:
        return str(CourseSurveyKind(self.kind).label)


@dataclass
class Comparison:
    """One statement of a self-assessment: before and after as two distributions."""

    question: Question
    before: Distribution | None
    after: Distribution | None
    summary: str = ""


@dataclass
class SelfAssessment:
    questionnaire: Questionnaire
    before: Group | None
    after: Group | None
    statements: list[Comparison]


@dataclass
class CourseResults:
    satisfaction: list[Group]
    self_assessments: list[SelfAssessment]

    @property
    def is_empty(self) -> bool:
        return not self.satisfaction and not self.self_assessments


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _distribution(question: Question, counts: dict[str, int]) -> Distribution:
    """Bars for every option (zeros included, so that two distributions line up)."""
    if question.kind in CHOICE_KINDS or question.kind == QuestionKind.SCALE:
        options = question.options
    else:
        options = tuple((value, value) for value in sorted(counts))
    answered = sum(counts.values())
    bars = [
        Bar(value, label, counts.get(value, 0), _percent(counts.get(value, 0), answered)) for value, label in options
    ]
    mean = None
    if question.kind == QuestionKind.SCALE and answered:
        total = sum(int(value) * count for value, count in counts.items())
        mean = (Decimal(total) / answered).quantize(Decimal("0.1"))
    return Distribution(question=question, answered=answered, bars=bars, mean=mean)


def _value(choice: str, number: Decimal | None) -> str:
    if number is None:
        return choice
    return str(number.normalize()) if number != number.to_integral() else str(int(number))


def comparison_summary(question: Question, before: Distribution | None, after: Distribution | None) -> str:
    """One sentence that says what the chart shows, for every reader."""
    if before is None or after is None or before.mean is None or after.mean is None:
        return _("Pas encore assez de réponses pour comparer avant et après.")
    high_before = sum(bar.count for bar in before.bars if bar.value in ("4", "5"))
    high_after = sum(bar.count for bar in after.bars if bar.value in ("4", "5"))
    return _(
        "Avant la formation, %(before)s %% répondent 4 ou 5 (moyenne %(mean_before)s sur 5) ; après, "
        "%(after)s %% (moyenne %(mean_after)s)."
    ) % {
        "before": _percent(high_before, before.answered),
        "after": _percent(high_after, after.answered),
        "mean_before": str(before.mean).replace(".", ","),
        "mean_after": str(after.mean).replace(".", ","),
    }


def course_results(course_id: int, *, shuffle: random.Random | None = None) -> CourseResults:
    """Every questionnaire version answered on this course, its figures only above the threshold."""
    counted = list(
        CourseSheet.objects.filter(course_id=course_id)
        .values("questionnaire_id", "kind")
        .annotate(learners=Count("id"))
        .order_by("questionnaire_id", "kind")
    )
    if not counted:
        return CourseResults(satisfaction=[], self_assessments=[])
    questionnaires = Questionnaire.objects.in_bulk({row["questionnaire_id"] for row in counted})
    groups = {
        (row["questionnaire_id"], row["kind"]): Group(
            questionnaire=questionnaires[row["questionnaire_id"]], kind=row["kind"], learners=row["learners"]
        )
        for row in counted
    }
    shown = [key for key, group in groups.items() if group.shown]
    counts: dict[tuple, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    comments: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if shown:
        in_shown = Q()
        for questionnaire_id, kind in shown:
            in_shown |= Q(sheet__questionnaire_id=questionnaire_id, sheet__kind=kind)
        answers = CourseAnswer.objects.filter(in_shown, sheet__course_id=course_id)
        for row in (
            answers.filter(text="")
            .values("sheet__questionnaire_id", "sheet__kind", "key", "choice", "number")
            .annotate(count=Count("id"))
            .order_by()
        ):
            key = (row["sheet__questionnaire_id"], row["sheet__kind"])
            counts[key][row["key"]][_value(row["choice"], row["number"])] = row["count"]
        for questionnaire_id, kind, question_key, text in answers.exclude(text="").values_list(
            "sheet__questionnaire_id", "sheet__kind", "key", "text"
        ):
            comments[(questionnaire_id, kind)][question_key].append(text)
    rng = shuffle or random.SystemRandom()
    for key in shown:
        group = groups[key]
        for question in all_questions(group.questionnaire.sections):
            if question.kind in TEXT_KINDS:
                texts = comments[key].get(question.key, [])
                group.comment_counts[question.key] = len(texts)
                if len(texts) >= MIN_COMMENTS:
                    # Shuffled, so that the order of the answers says nothing of who wrote which.
                    texts = list(texts)
                    rng.shuffle(texts)
                    group.comments[question.key] = texts
            else:
                group.distributions[question.key] = _distribution(question, counts[key].get(question.key, {}))
    return _arranged(groups)


def _arranged(groups: dict[tuple, Group]) -> CourseResults:
    satisfaction = [group for group in groups.values() if group.kind == CourseSurveyKind.SATISFACTION]
    by_questionnaire: dict[int, dict[str, Group]] = defaultdict(dict)
    for (questionnaire_id, kind), group in groups.items():
        if kind != CourseSurveyKind.SATISFACTION:
            by_questionnaire[questionnaire_id][kind] = group
    assessments = []
    for kinds in by_questionnaire.values():
        before, after = kinds.get(CourseSurveyKind.BEFORE), kinds.get(CourseSurveyKind.AFTER)
        answered = before or after
        if answered is None:  # by_questionnaire holds only kinds answered: never, but typed so
            continue
        questionnaire = answered.questionnaire
        statements = []
        for question in all_questions(questionnaire.sections):
            if question.kind != QuestionKind.SCALE:
                continue
            first = before.distributions.get(question.key) if before else None
            second = after.distributions.get(question.key) if after else None
            statements.append(Comparison(question, first, second, comparison_summary(question, first, second)))
        assessments.append(
            SelfAssessment(questionnaire=questionnaire, before=before, after=after, statements=statements)
        )
    return CourseResults(satisfaction=satisfaction, self_assessments=assessments)


def course_results_csv_rows(results: CourseResults) -> list[list]:
    """The shown figures only, one row per question and value; comments are not exported, as
    their number is small and their words can say who wrote them."""
    rows: list[list[str | int]] = []
    for group in [*results.satisfaction, *[g for a in results.self_assessments for g in (a.before, a.after) if g]]:
        label = f"{group.questionnaire.title} (v{group.questionnaire.version})"
        if not group.shown:
            rows.append([label, group.kind_label, "", "", "", _("pas encore assez de réponses")])
            continue
        for distribution in group.distributions.values():
            for bar in distribution.bars:
                rows.append([label, group.kind_label, distribution.question.label, bar.label, bar.count, bar.percent])
    return rows


# --- Per course, for the courses scoped to a territory (dashboards read this).


@dataclass
class CourseRating:
    course_id: int
    title: str
    learners: int  # satisfaction sheets of the versions above the threshold
    mean: Decimal | None  # of the satisfaction's 1-to-5 questions
    before: Decimal | None  # self-assessment means
    after: Decimal | None

    @property
    def shown(self) -> bool:
        return self.learners >= MIN_LEARNERS


def _within(territory: Territory | None) -> Q:
    if territory is None:
        return Q(course__territory__isnull=True)
    return (
        Q(course__territory=territory)
        | Q(course__territory__region=territory)
        | Q(course__territory__departement=territory)
        | Q(course__territory__epci=territory)
    )


def course_ratings_for_territory(territory: Territory | None) -> list[CourseRating]:
    """Courses scoped to `territory` (None: national courses), with their ratings where enough
    learners answered. Three queries, whatever the number of courses and answers."""
    counted = list(
        CourseSheet.objects.filter(_within(territory))
        .values("course_id", "course__title", "questionnaire_id", "kind")
        .annotate(learners=Count("id"))
        .order_by()
    )
    if not counted:
        return []
    eligible = [row for row in counted if row["learners"] >= MIN_LEARNERS]
    scale_keys: dict[int, set[str]] = {}
    for questionnaire in Questionnaire.objects.filter(pk__in={row["questionnaire_id"] for row in eligible}):
        scale_keys[questionnaire.pk] = {q.key for q in all_questions(questionnaire.sections) if q.kind == "scale"}
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    if eligible:
        in_eligible = Q()
        for row in eligible:
            in_eligible |= Q(
                sheet__course_id=row["course_id"],
                sheet__questionnaire_id=row["questionnaire_id"],
                sheet__kind=row["kind"],
            )
        for row in (
            CourseAnswer.objects.filter(in_eligible, number__isnull=False)
            .values("sheet__course_id", "sheet__questionnaire_id", "sheet__kind", "key")
            .annotate(total=Sum("number"), count=Count("id"))
            .order_by()
        ):
            if row["key"] in scale_keys.get(row["sheet__questionnaire_id"], ()):
                pair = sums[(row["sheet__course_id"], row["sheet__kind"])]
                pair[0] += row["total"]
                pair[1] += row["count"]

    def mean(course_id: int, kind: str) -> Decimal | None:
        total, count = sums.get((course_id, kind), (0, 0))
        return (Decimal(total) / count).quantize(Decimal("0.1")) if count else None

    titles = {row["course_id"]: row["course__title"] for row in counted}
    learners: dict[int, int] = defaultdict(int)
    for row in eligible:
        if row["kind"] == CourseSurveyKind.SATISFACTION:
            learners[row["course_id"]] += row["learners"]
    return sorted(
        (
            CourseRating(
                course_id=course_id,
                title=title,
                learners=learners[course_id],
                mean=mean(course_id, CourseSurveyKind.SATISFACTION),
                before=mean(course_id, CourseSurveyKind.BEFORE),
                after=mean(course_id, CourseSurveyKind.AFTER),
            )
            for course_id, title in titles.items()
        ),
        key=lambda rating: rating.title,
    )
