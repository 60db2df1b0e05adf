"""The moderators' queues in the Wagtail admin: "Je l'ai testé" waiting for a decision, and
reported problems. Each decision is a POST calling one service. Anyone outside the Modérateurs
group (or superusers) gets a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from scenarios.access import access_moderated
from scenarios.choices import FeedbackStatus, ReportStatus
from scenarios.models import ScenarioFeedback, ScenarioReport
from scenarios.selectors import feedback_queue, report_queue
from scenarios.services.feedback import feedback_moderate
from scenarios.services.reports import report_close

PER_PAGE = 20


class ModeratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        access_moderated(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class QueuePage(ModeratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        # Wagtail's header shows the last crumb as the title: without this one it reads "Accueil".
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def _status(value: str, choices: type[FeedbackStatus] | type[ReportStatus], default: str) -> str:
    return value if value in choices.values else default


class FeedbackQueueView(QueuePage):
    template_name = "scenarios/admin/feedback_queue.html"
    page_title = _lazy("Retours « Je l'ai testé »")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = _status(self.request.GET.get("etat", ""), FeedbackStatus, FeedbackStatus.PENDING)
        page = Paginator(feedback_queue(status), PER_PAGE).get_page(self.request.GET.get("page"))
        context.update({"page": page, "status": status, "statuses": FeedbackStatus.choices})
        return context


class FeedbackDecideView(ModeratorsOnly, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        feedback = get_object_or_404(ScenarioFeedback, pk=pk)
        decision = request.POST.get("decision")
        if decision not in {"approve", "reject"}:
            raise Http404
        feedback_moderate(feedback=feedback, moderator=request.user, approve=decision == "approve")
        if decision == "approve":
            messages.success(request, _("Retour publié : son auteur ou autrice est prévenu par e-mail."))
        else:
            messages.success(request, _("Retour refusé : son auteur ou autrice est prévenu par e-mail."))
        return redirect("scenarios_admin_feedback")


class ReportQueueView(QueuePage):
    template_name = "scenarios/admin/report_queue.html"
    page_title = _lazy("Signalements de scénarios")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = _status(self.request.GET.get("etat", ""), ReportStatus, ReportStatus.OPEN)
        page = Paginator(report_queue(status), PER_PAGE).get_page(self.request.GET.get("page"))
        context.update({"page": page, "status": status, "statuses": ReportStatus.choices})
        return context


class ReportCloseView(ModeratorsOnly, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        report = get_object_or_404(ScenarioReport, pk=pk)
        decision = request.POST.get("decision")
        if decision not in {"resolved", "dismissed"}:
            raise Http404
        report_close(report=report, moderator=request.user, resolved=decision == "resolved")
        messages.success(request, _("Signalement clos."))
        return redirect("scenarios_admin_reports")
