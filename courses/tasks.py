from courses.services.progress import course_completions_recheck


def recheck_course_completions(course_id: int) -> int:
    return course_completions_recheck(course_id=course_id)
