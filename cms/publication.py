"""From content to tracking: Wagtail's publishing signals call one `courses` service each
(DESIGN.md §2). They fire for the editor's publish button, workflow approval, scheduled
publishing (`publish_scheduled`), copies published at once, and moves."""

from django.db import transaction

from wagtail.models import Page

from cms.blocks import quiz_answer_key
from cms.models import CoursePage, ModulePage
from courses.models import Course
from courses.services.publication import (
    CourseRules,
    ModuleRules,
    course_ensure,
    course_publish,
    course_relocate,
    course_unpublish,
    module_publish,
    module_unpublish,
    modules_relocate,
    publication_reconcile,
)


def course_rules(page: CoursePage) -> CourseRules:
    return CourseRules(
        title=page.title,
        url=public_path(page),
        audiences=[audience.pk for audience in page.audiences.all()],
        themes=[theme.pk for theme in page.themes.all()],
        territory_id=page.territory_id,
        is_sequential=page.is_sequential,
        pass_mark=page.pass_mark,
        certificate_validity_months=page.certificate_validity_months,
        estimated_minutes=page.estimated_minutes,
        max_quiz_attempts=page.max_quiz_attempts,
        min_attended_hours=page.min_attended_hours,
    )


def module_rules(page: ModulePage) -> ModuleRules:
    return ModuleRules(
        title=page.title,
        url=public_path(page),
        position=module_position(page),
        is_required=page.is_required,
        estimated_minutes=page.estimated_minutes,
        quiz_key={child.id: quiz_answer_key(child.value) for child in page.body if child.block_type == "quiz"},
    )


def public_path(page: Page) -> str:
    """The page's address on the site, such as /formations/proteger-ses-donnees/."""
    return page.get_url() or ""


def module_position(page: Page) -> int:
    """1 for the first module page of its course, in the editors' order (live or not)."""
    return ModulePage.objects.sibling_of(page, inclusive=False).filter(path__lt=page.path).count() + 1


def link_page(page: Page, **link) -> None:
    """Point the page at its tracking row without a new revision (the editor sees no change)."""
    type(page).objects.filter(pk=page.pk).update(**link)
    for name, value in link.items():
        setattr(page, name, value)


def course_row_for(course_page: CoursePage) -> Course:
    return course_ensure(source_page_id=course_page.pk, title=course_page.title)


@transaction.atomic
def on_page_published(sender, instance, **kwargs) -> None:
    page = instance.specific
    # An alias shows another page's content: it is not a second course. A page scheduled for
    # later is announced too, but not live yet: the schedule will publish it.
    if page.alias_of_id or not page.live:
        return
    if isinstance(page, CoursePage):
        course = course_publish(source_page_id=page.pk, rules=course_rules(page))
        link_page(page, course=course)
        relocate_modules(page)  # a new slug changes the modules' addresses too
    elif isinstance(page, ModulePage):
        course_page = page.get_parent().specific
        course = course_row_for(course_page)
        if course_page.course_id != course.pk:
            link_page(course_page, course=course)
        module = module_publish(course=course, source_page_id=page.pk, rules=module_rules(page))
        link_page(page, module=module)


@transaction.atomic
def on_page_unpublished(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, CoursePage):
        course_unpublish(source_page_id=page.pk)
    elif isinstance(page, ModulePage):
        module_unpublish(source_page_id=page.pk)


@transaction.atomic
def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    """A move changes addresses, and a reorder changes module positions: both are copied."""
    page = instance.specific
    if page.alias_of_id:
        return
    if isinstance(page, CoursePage):
        course_relocate(source_page_id=page.pk, url=public_path(page))
        relocate_modules(page)
    elif isinstance(page, ModulePage):
        for parent in {parent_page_before.pk: parent_page_before, parent_page_after.pk: parent_page_after}.values():
            relocate_modules(parent.specific)


def relocate_modules(course_page: CoursePage) -> None:
    course = course_row_for(course_page)
    placements = [
        (module.pk, position, public_path(module))
        for position, module in enumerate(ModulePage.objects.child_of(course_page).order_by("path"), start=1)
    ]
    modules_relocate(course=course, placements=placements)


def tracking_reconcile() -> int:
    """After deletions (Wagtail sends no signal for them), and hourly as a safety net."""
    return publication_reconcile(
        live_course_pages=CoursePage.objects.live().filter(alias_of__isnull=True).values("pk"),
        live_module_pages=ModulePage.objects.live().filter(alias_of__isnull=True).values("pk"),
    )
