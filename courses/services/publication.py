"""Publishing content into tracking: the CMS calls these when a page is published, unpublished
or moved. The rules arrive as plain values; `courses` never sees a page or a StreamField."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from courses.models import Course, Module


@dataclass(frozen=True)
class CourseRules:
    title: str
    url: str
    audiences: list[str] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    territory_id: int | None = None
    is_sequential: bool = False
    pass_mark: int = 70
    certificate_validity_months: int | None = None
    estimated_minutes: int = 0
    max_quiz_attempts: int | None = None
    min_attended_hours: Decimal | None = None


@dataclass(frozen=True)
class ModuleRules:
    title: str
    url: str
    position: int
    is_required: bool = True
    estimated_minutes: int = 0
    quiz_key: dict = field(default_factory=dict)


@transaction.atomic
def course_ensure(*, source_page_id: int, title: str) -> Course:
    """The course row for this page, created unpublished if its page was never published (a
    module can be published before its course)."""
    course, _created = Course.objects.get_or_create(source_page_id=source_page_id, defaults={"title": title})
    return course


@transaction.atomic
def course_publish(*, source_page_id: int, rules: CourseRules) -> Course:
    """Create or update the course from its published page; the row is locked while it changes."""
    course_ensure(source_page_id=source_page_id, title=rules.title)
    course = Course.objects.select_for_update().get(source_page_id=source_page_id)
    now = timezone.now()
    course.title = rules.title
    course.url = rules.url
    course.territory_id = rules.territory_id
    course.is_sequential = rules.is_sequential
    course.pass_mark = rules.pass_mark
    course.certificate_validity_months = rules.certificate_validity_months
    course.estimated_minutes = rules.estimated_minutes
    course.max_quiz_attempts = rules.max_quiz_attempts
    course.min_attended_hours = rules.min_attended_hours or None
    course.is_published = True
    course.first_published_at = course.first_published_at or now
    course.last_published_at = now
    course.save()
    course.audiences.set(rules.audiences)
    course.themes.set(rules.themes)
    return course


@transaction.atomic
def course_unpublish(*, source_page_id: int) -> int:
    """The course leaves the catalogue; its row, modules and every learner's progress stay."""
    return Course.objects.filter(source_page_id=source_page_id).update(is_published=False)


def _programme_changed(course_id: int) -> None:
    """A module appeared or went away: learners see "nouveau contenu" on their dashboard."""
    Course.objects.filter(pk=course_id).update(content_version=F("content_version") + 1)


def _required_modules_shrank(course_id: int) -> None:
    """Learners who had done every other required module may now have finished: check, after
    commit, in a task (a course may have many learners)."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("courses.tasks.recheck_course_completions", course_id))


@transaction.atomic
def module_publish(*, course: Course, source_page_id: int, rules: ModuleRules) -> Module:
    previous = Module.objects.filter(source_page_id=source_page_id, is_published=True, course=course).first()
    was_listed = previous is not None
    module, _created = Module.objects.select_for_update().update_or_create(
        source_page_id=source_page_id,
        defaults={
            "course": course,
            "title": rules.title,
            "url": rules.url,
            "position": rules.position,
            "is_required": rules.is_required,
            "estimated_minutes": rules.estimated_minutes,
            "quiz_key": rules.quiz_key,
            "is_published": True,
            "last_published_at": timezone.now(),
        },
    )
    if not was_listed:
        _programme_changed(course.pk)
    if previous is not None and previous.is_required and not module.is_required:
        _required_modules_shrank(course.pk)
    return module


@transaction.atomic
def module_unpublish(*, source_page_id: int) -> int:
    module = Module.objects.filter(source_page_id=source_page_id, is_published=True).first()
    if module is None:
        return 0
    _programme_changed(module.course_id)
    updated = Module.objects.filter(pk=module.pk).update(is_published=False)
    if module.is_required:
        _required_modules_shrank(module.course_id)
    return updated


@transaction.atomic
def modules_relocate(*, course: Course, placements: list[tuple[int, int, str]]) -> int:
    """After a move or a reorder: each (source_page_id, position, url) of the course's pages.
    Rows of pages never published do not exist yet and are skipped."""
    updated = 0
    for source_page_id, position, url in placements:
        updated += Module.objects.filter(source_page_id=source_page_id).update(
            course=course, position=position, url=url
        )
    return updated


@transaction.atomic
def course_relocate(*, source_page_id: int, url: str) -> int:
    return Course.objects.filter(source_page_id=source_page_id).update(url=url)


@transaction.atomic
def publication_reconcile(
    *, live_course_pages: Iterable[int] | QuerySet, live_module_pages: Iterable[int] | QuerySet
) -> int:
    """Rows still marked published whose page is gone or no longer live (a deletion sends no
    Wagtail signal) leave the catalogue. Arguments are ids, or querysets of ids."""
    updated = (
        Course.objects.filter(is_published=True)
        .exclude(source_page_id__in=live_course_pages)
        .update(is_published=False)
    )
    updated += (
        Module.objects.filter(is_published=True)
        .exclude(source_page_id__in=live_module_pages)
        .update(is_published=False)
    )
    return updated
