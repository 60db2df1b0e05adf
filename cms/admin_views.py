"""Trainers' statistics for one course, in the Wagtail admin: figures only, no names."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import CoursePage
from courses.selectors import course_statistics


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.course_page.course
        context["course_page"] = self.course_page
        context["statistics"] = course_statistics(course) if course else None
        return context
