"""Admin views of the cms: trainers' statistics for one course (figures only, no names), and
the delete views of documents and images, which explain why a file in use cannot go."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.documents.views import documents
from wagtail.images.views import images

from cms.models import CoursePage
from cms.selectors import live_pages_using
from courses.selectors import course_statistics
from courses.statistics_sections import statistics_sections


class CourseStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/admin/course_statistics.html"
    page_title = _("Statistiques de la formation")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.course_page = get_object_or_404(CoursePage, pk=kwargs["page_id"])
        # Those who may edit the course see its figures; anyone else gets a 404 (DESIGN.md §2).
        if not self.course_page.permissions_for_user(request.user).can_edit():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.course_page.title

    def get_breadcrumbs_items(self):
        """Home › the course page (its editor) › Statistiques, as Wagtail's own pages read."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.course_page.pk]), "label": self.course_page.title},
            {"url": "", "label": _("Statistiques")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.course_page.course
        context["course_page"] = self.course_page
        context["statistics"] = course_statistics(course) if course else None
        context["statistics_sections"] = statistics_sections(self.request, course.pk if course else None)
        return context


class CoursePageEditView(EditView):
    """Wagtail's page editor, with "Statistiques" as a button in a course page's header: the
    `register_page_header_buttons` hook only reaches the "…" menu."""

    def get_header_buttons(self):
        statistics = HeaderButton(
            _("Statistiques"), url=reverse("cms_course_statistics", args=[self.page.pk]), icon_name="table"
        )
        return [statistics, *super().get_header_buttons()]


class CoursePageViewSet(PageViewSet):
    """Wagtail's views for course pages (registered in cms.wagtail_hooks), with our editor."""

    model = CoursePage
    edit_view_class = CoursePageEditView


MAX_TITLES = 3  # page titles named in the refusal


class LiveUseRefusalMixin:
    """Wagtail's delete view for a document or an image, saying in French why a file that a live
    page shows cannot go (cms.permissions refuses it on every path; this view explains it)."""

    edit_url_name: str

    def dispatch(self, request, *args, **kwargs):
        # Only someone who could delete the file otherwise hears where it is used; anyone else
        # gets Wagtail's own refusal.
        if self.permission_policy.user_may_delete_if_unused(request.user, self.object):
            titles = list(live_pages_using(self.object).values_list("title", flat=True)[: MAX_TITLES + 1])
            if titles:
                messages.error(request, self.in_use_text(titles))
                return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def in_use_text(self, titles: list[str]) -> str:
        raise NotImplementedError


def quoted_titles(titles: list[str]) -> str:
    shown = ", ".join(f"« {title} »" for title in titles[:MAX_TITLES])
    return shown + (" …" if len(titles) > MAX_TITLES else "")


class DocumentDeleteView(LiveUseRefusalMixin, documents.DeleteView):
    edit_url_name = "wagtaildocs:edit"

    def in_use_text(self, titles):
        return ngettext(
            "Ce document est utilisé par la page publiée %(titles)s : retirez-le de la page avant de le supprimer.",
            "Ce document est utilisé par des pages publiées (%(titles)s) : retirez-le de ces pages avant de le "
            "supprimer.",
            len(titles),
        ) % {"titles": quoted_titles(titles)}


class ImageDeleteView(LiveUseRefusalMixin, images.DeleteView):
    edit_url_name = "wagtailimages:edit"

    def in_use_text(self, titles):
        return ngettext(
            "Cette image est utilisée par la page publiée %(titles)s : retirez-la de la page avant de la supprimer.",
            "Cette image est utilisée par des pages publiées (%(titles)s) : retirez-la de ces pages avant de la "
            "supprimer.",
            len(titles),
        ) % {"titles": quoted_titles(titles)}
