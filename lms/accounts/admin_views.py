"""Personal-data requests in the Wagtail admin ("Données personnelles"): the pending deletion
requests, one person's erasure preview with the erase and export actions, and the retention
report. Superusers only (the data controller's staff); anyone else gets a 404."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.accounts.models import AccountDeletionRequest, DeletionRequestStatus, User
from lms.accounts.services.data_export import data_export_request
from lms.privacy.erasure import erasure_plan, person_erase
from lms.privacy.models import DataExport, DataExportStatus, ErasureRecord, RetentionRun
from lms.privacy.retention import retention_rules


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Motif"),
        help_text=_lazy("Par exemple : demande reçue depuis le compte, ou par courrier le 3 décembre."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    confirm = forms.BooleanField(label=_lazy("J'ai lu l'aperçu : effacer cette personne définitivement."))


class SuperuserOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a mixin before a view


class PrivacyIndexView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/privacy_index.html"
    page_title = _lazy("Données personnelles")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        found = (
            User.objects.filter(erased_at__isnull=True)
            .filter(Q(email__iexact=query) | Q(login_id__iexact=query) | Q(last_name__iexact=query))
            .order_by("last_name", "first_name")[:20]
            if query
            else []
        )
        context.update(
            query=query,
            found=found,
            requests=AccountDeletionRequest.objects.filter(status=DeletionRequestStatus.PENDING)
            .select_related("user")
            .order_by("requested_at"),
            erasures=ErasureRecord.objects.select_related("erased_by")[:20],
        )
        return context


class PrivacyPersonView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/privacy_person.html"
    page_title = _lazy("Données d'une personne")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise Http404
        self.person = get_object_or_404(User, pk=kwargs["pk"], erased_at__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.person.deletion_requests.filter(status=DeletionRequestStatus.PENDING).first()
        context.update(
            person=self.person,
            plan=erasure_plan(self.person),
            pending=pending,
            form=form or EraseForm(initial={"reason": _("Demande faite depuis son compte.") if pending else ""}),
            exports=DataExport.objects.filter(user=self.person).select_related("requested_by")[:5],
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "export":
            data_export_request(user=self.person, requested_by=request.user)
            messages.success(request, _("L'export est demandé : l'archive sera téléchargeable ici dans un moment."))
            return redirect("privacy_admin_person", self.person.pk)
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        pending = self.person.deletion_requests.filter(status=DeletionRequestStatus.PENDING).exists()
        record = person_erase(
            user=self.person, erased_by=request.user, reason=form.cleaned_data["reason"], on_request=pending
        )
        messages.success(
            request,
            _("La personne est effacée. Identifiant pseudonyme : %(id)s.") % {"id": record.stand_in_id},
        )
        return redirect("privacy_admin_index")


class StaffExportDownloadView(SuperuserOnly, TemplateView):
    def get(self, request, *args, **kwargs):
        export = get_object_or_404(DataExport, pk=kwargs["pk"], status=DataExportStatus.READY)
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"donnees-{export.user_id}.zip",
            content_type="application/zip",
        )


class RetentionReportView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/retention_report.html"
    page_title = _lazy("Conservation des données")
    header_icon = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(RetentionRun.objects.all()[:30])
        rules = retention_rules()
        context.update(
            last=runs[0] if runs else None,
            runs=runs,
            rules=[
                {
                    "rule": rule,
                    "last_count": runs[0].counts.get(rule.code) if runs else None,
                    "total": sum(run.counts.get(rule.code, 0) for run in runs),
                }
                for rule in rules
            ],
        )
        return context
