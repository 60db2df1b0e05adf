from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.cache import page_cache_invalidate
from cms.publication import tracking_reconcile
from courses.models import Theme


class ThemeViewSet(SnippetViewSet):
    """Themes belong to courses (so that the apps above it can use them), but are edited here,
    with the content: courses itself knows nothing of Wagtail."""

    model = Theme
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("competences", widget=forms.CheckboxSelectMultiple),
    ]


register_snippet(ThemeViewSet)


# Order 1: after Wagtail's own registrations (order 0), whose page and document links it replaces.
@hooks.register("register_rich_text_features", order=1)
def register_safe_rich_text_links(features):
    from cms.rich_text.handlers import register_link_features

    register_link_features(features)


@hooks.register("after_delete_page")
def unpublish_tracking_of_deleted_page(request, page):
    """Deleting a live course or module takes its tracking rows out of the catalogue; the rows
    and the learners' progress stay."""
    tracking_reconcile()
    page_cache_invalidate()


@hooks.register("after_bulk_action")
def unpublish_tracking_after_bulk_delete(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        tracking_reconcile()
        page_cache_invalidate()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def refresh_pages_after_theme_change(request, instances_or_instance):
    """Themes show on the catalogue's cards and filters."""
    page_cache_invalidate()


@hooks.register("register_admin_urls")
def course_statistics_urls():
    from cms.admin_views import CourseStatisticsView

    return [
        path(
            "formations/<id:page_id>/statistiques/",
            CourseStatisticsView.as_view(),
            name="cms_course_statistics",
        )
    ]


@hooks.register("register_admin_viewset")
def course_page_viewset():
    from cms.admin_views import CoursePageViewSet

    return CoursePageViewSet("course_pages")


@hooks.register("register_admin_urls", order=-1)
def media_delete_urls():
    """Our delete views for documents and images, at Wagtail's own addresses: `order=-1` puts
    them before Wagtail's patterns, so `wagtaildocs:delete` and `wagtailimages:delete` reach them."""
    from cms.admin_views import DocumentDeleteView, ImageDeleteView

    return [
        path("documents/delete/<id:document_id>/", DocumentDeleteView.as_view(), name="cms_document_delete"),
        path("images/<id:image_id>/delete/", ImageDeleteView.as_view(), name="cms_image_delete"),
    ]


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def course_statistics_button(page, user, *args, **kwargs):
    from cms.models import CoursePage

    if page.specific_class is CoursePage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Statistiques"),
            reverse("cms_course_statistics", args=[page.pk]),
            icon_name="table",
            priority=80,
        )
