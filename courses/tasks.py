from courses.services.progress import course_completions_recheck
from courses.services.progress import recheck_completion as completion_recheck


def recheck_course_completions(course_id: int) -> int:
    return course_completions_recheck(course_id=course_id)


def recheck_completion(enrolment_ids: list[int]) -> int:
    """After attendance changed (a session closed, a mark corrected): one task for its participants."""
    return len(completion_recheck(enrolment_ids))


def member_import_analyse(import_id: int) -> None:
    from courses.services.imports import import_analyse

    import_analyse(import_id)


def member_import_apply(import_id: int) -> None:
    from courses.services.imports import import_apply

    import_apply(import_id)


def member_imports_maintain() -> dict[str, int]:
    from courses.services.imports import imports_maintain

    return imports_maintain()


def reminders_sweep() -> dict:
    from courses.reminders import reminders_sweep as sweep

    return sweep()
