"""The moderators' queue of shared experiences in the Wagtail admin, beside the scenario
feedback queue and for the same people (the Modérateurs group, superusers). Each decision is a
POST calling one service; anyone else gets a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from relays.experiences_access import is_moderator
from relays.experiences_selectors import moderation_queue
from relays.models import ExperienceStatus, SharedExperience
from relays.services.experiences import experience_moderate

PER_PAGE = 20
# The moderators' filter: drafts are their authors' business and never listed.
QUEUE_STATUSES = [choice for choice in ExperienceStatus.choices if choice[0] != ExperienceStatus.DRAFT]


class ModeratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ExperienceQueueView(ModeratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "relays/experiences/admin_queue.html"
    page_title = _lazy("Retours d'expérience des territoires")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        # Wagtail's header shows the last crumb as the title: without this one it reads "Accueil".
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("etat", "")
        if status not in dict(QUEUE_STATUSES):
            status = ExperienceStatus.PENDING
        page = Paginator(moderation_queue(status), PER_PAGE).get_page(self.request.GET.get("page"))
        context.update({"page": page, "status": status, "statuses": QUEUE_STATUSES})
        return context


class ExperienceDecideView(ModeratorsOnly, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        experience = get_object_or_404(SharedExperience, pk=pk)
        decision = request.POST.get("decision")
        if decision not in {"approve", "reject"}:
            raise Http404
        experience_moderate(
            experience=experience,
            moderator=request.user,
            approve=decision == "approve",
            note=request.POST.get("note", "").strip()[:1000],
        )
        if decision == "approve":
            messages.success(request, _("Retour d'expérience publié : son auteur ou autrice est prévenu par e-mail."))
        else:
            messages.success(request, _("Retour d'expérience refusé : son auteur ou autrice est prévenu par e-mail."))
        return redirect("relays_admin_experiences")
