"""The "Avis des apprenants" section of a course's statistics page in the admin (filled into the
courses statistics registry in ready()), and the same figures as CSV."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from surveys.charts import Series, bar_chart
from surveys.course_results import MIN_COMMENTS, MIN_LEARNERS, CourseResults, course_results
from surveys.models import CourseSurvey


def may_see_course_results(user) -> bool:
    """Trainers and moderators (their groups hold this permission, migration 0004) and staff."""
    return user.is_authenticated and user.has_perm("surveys.view_coursesurvey")


def _satisfaction_blocks(results: CourseResults) -> list[dict]:
    blocks = []
    for number, group in enumerate(results.satisfaction, start=1):
        questions = []
        for position, distribution in enumerate(group.distributions.values(), start=1):
            chart_id = f"satisfaction-{number}-{position}"
            questions.append(
                {
                    "id": chart_id,
                    "distribution": distribution,
                    "chart": bar_chart([Series(_("Réponses"), "chart__bar--single", distribution)]),
                }
            )
        comments = [
            {"key": key, "count": count, "texts": group.comments.get(key)}
            for key, count in group.comment_counts.items()
        ]
        blocks.append({"group": group, "questions": questions, "comments": comments})
    return blocks


def _assessment_blocks(results: CourseResults) -> list[dict]:
    blocks = []
    for number, assessment in enumerate(results.self_assessments, start=1):
        statements = []
        for position, comparison in enumerate(assessment.statements, start=1):
            chart = bar_chart(
                [
                    Series(_("Avant"), "chart__bar--before", comparison.before),
                    Series(_("Après"), "chart__bar--after", comparison.after),
                ]
            )
            before_bars = comparison.before.bars if comparison.before else []
            after_bars = comparison.after.bars if comparison.after else []
            rows = [
                {
                    "label": label,
                    "before": before_bars[index] if before_bars else None,
                    "after": after_bars[index] if after_bars else None,
                }
                for index, label in enumerate(comparison.question.options)
            ]
            statements.append(
                {"id": f"auto-evaluation-{number}-{position}", "comparison": comparison, "chart": chart, "rows": rows}
            )
        blocks.append({"assessment": assessment, "statements": statements})
    return blocks


def results_context(course_id: int, results: CourseResults) -> dict:
    return {
        "satisfaction": _satisfaction_blocks(results),
        "assessments": _assessment_blocks(results),
        "min_learners": MIN_LEARNERS,
        "min_comments": MIN_COMMENTS,
        "csv_url": reverse("surveys_course_results_csv", args=[course_id]),
    }


def statistics_section_context(request: HttpRequest, course_id: int) -> dict | None:
    if not may_see_course_results(request.user):
        return None
    survey = CourseSurvey.objects.filter(course_id=course_id).first()
    results = course_results(course_id)
    return {
        **results_context(course_id, results),
        "has_survey": survey is not None,
        "is_empty": results.is_empty,
        "choose_url": reverse("surveys_coursesurvey:edit", args=[survey.pk])
        if survey
        else reverse("surveys_coursesurvey:add") + f"?course={course_id}",
    }
