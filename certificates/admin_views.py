"""Staff screens in the Wagtail admin: the list of attestations, one attestation with its history,
and the revoke and re-issue actions, each calling a service. Only people with the
`certificates.change_certificate` permission (superusers, or a group given it) get in; anyone else
gets a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certificates.access import access_staff_certificate, may_manage_certificates
from certificates.models import CertificateStatus, CertificateTemplate
from certificates.selectors import (
    certificate_events,
    courses_with_certificates,
    organisations_with_certificates,
    staff_certificates,
)
from certificates.services import certificate_reissue, certificate_revoke, verification_url
from lms.accounts.forms import NameField
from lms.runtime.converters import parse_id

PER_PAGE = 25
REVOKED_MESSAGE = _lazy(
    "Attestation révoquée : sa page de vérification le dit, et son titulaire est prévenu par e-mail."
)


class RevokeForm(forms.Form):
    """Both forms share a page: each has its own id prefix, so that each label names its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="revocation_%s", **kwargs)

    reason = forms.CharField(
        label=_lazy("Motif de la révocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_lazy("Il s'affiche sur la page publique de vérification."),
    )


class ReissueForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="reemission_%s", **kwargs)

    holder_name = NameField(
        label=_lazy("Nom du titulaire"), max_length=301, required=False, help_text=_lazy("Vide : le nom ne change pas.")
    )
    template = forms.ModelChoiceField(
        label=_lazy("Modèle"),
        queryset=CertificateTemplate.objects.order_by("audience", "title"),
        required=False,
        empty_label=_lazy("Le même modèle"),
    )
    reason = forms.CharField(
        label=_lazy("Motif de la correction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not may_manage_certificates(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CertificateListView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/list.html"
    page_title = _lazy("Attestations")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        course = params.get("formation", "")
        organisation = params.get("organisation", "")
        status = params.get("etat", "")
        query = params.get("q", "").strip()
        certificates = staff_certificates(
            course_id=parse_id(course),  # "²" passes str.isdigit() but not int()
            organisation_id=parse_id(organisation),
            status=status,
            query=query,
        )
        context.update(
            page=Paginator(certificates, PER_PAGE).get_page(params.get("page")),
            courses=courses_with_certificates(),
            organisations=organisations_with_certificates(),
            statuses=CertificateStatus.choices,
            filters={"formation": course, "organisation": organisation, "etat": status, "q": query},
        )
        return context


class CertificateDetailView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/detail.html"
    page_title = _lazy("Attestation")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.certificate = access_staff_certificate(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.certificate.snapshot.get("holder_name", "")

    def get_breadcrumbs_items(self):
        """Home › Attestations › the holder, as Wagtail's own pages read (not a lone "Accueil")."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin_list"), "label": _("Attestations")},
            {"url": "", "label": f"{self.get_page_subtitle()} · {self.certificate.grouped_code}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.certificate
        context.update(
            certificate=certificate,
            verify_url=verification_url(certificate.code),
            events=certificate_events(certificate),
            supersedes=certificate.supersedes.all(),
            revoke_form=kwargs.get("revoke_form") or RevokeForm(),
            reissue_form=kwargs.get("reissue_form") or ReissueForm(),
            can_act=self.can_act(),
            action_errors=kwargs.get("action_errors", []),
        )
        return context

    def can_act(self) -> bool:
        certificate = self.certificate
        return certificate.is_current and not certificate.revoked_at and not certificate.superseded_by_id

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "revoke":
            form = RevokeForm(request.POST)
            if form.is_valid() and request.POST.get("confirm") != "1" and self.can_act():
                # One click never revokes: the next page repeats the reason and asks to confirm
                # (one that cannot be revoked goes straight to the service, which says why).
                return TemplateResponse(
                    request,
                    "certificates/admin/revoke_confirm.html",
                    {
                        **self.get_context_data(),
                        "page_title": _("Révoquer l'attestation"),
                        "header_title": _("Révoquer l'attestation"),
                        "breadcrumbs_items": [
                            *self.get_breadcrumbs_items()[:-1],
                            {
                                "url": reverse("certificates_admin_detail", args=[self.certificate.pk]),
                                "label": self.get_breadcrumbs_items()[-1]["label"],
                            },
                            {"url": "", "label": _("Révoquer")},
                        ],
                        "reason": form.cleaned_data["reason"],
                    },
                )
            if form.is_valid():
                return self.run(
                    lambda: certificate_revoke(
                        certificate=self.certificate, by=request.user, reason=form.cleaned_data["reason"]
                    ),
                    str(REVOKED_MESSAGE),
                    form,
                    "revoke_form",
                )
            return self.render_to_response(self.get_context_data(revoke_form=form), status=400)
        if action == "reissue":
            form = ReissueForm(request.POST)
            if form.is_valid():
                return self.run(
                    lambda: certificate_reissue(
                        certificate=self.certificate,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        holder_name=form.cleaned_data["holder_name"],
                        template=form.cleaned_data["template"],
                    ),
                    _("Attestation réémise : la nouvelle remplace l'ancienne."),
                    form,
                    "reissue_form",
                )
            return self.render_to_response(self.get_context_data(reissue_form=form), status=400)
        raise Http404

    def run(self, action, success: str, form, form_name: str):
        try:
            result = action()
        except ValidationError as error:
            context = self.get_context_data(**{form_name: form, "action_errors": error.messages})
            return self.render_to_response(context, status=400)
        messages.success(self.request, success)
        return redirect(reverse("certificates_admin_detail", args=[result.pk]))
