"""Staff edit attestation templates in the Wagtail admin (Snippets → Modèles d'attestation).
Only people with the certificates permissions see them: superusers, or a group given them."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates.access import may_manage_certificates
from certificates.forms import CertificateTemplateForm
from certificates.models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Modèles d'attestation")
    add_to_admin_menu = False
    list_display = ["title", "audience", "is_default", "signatory_name"]
    list_filter = ["audience", "is_default"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("audience"), FieldPanel("is_default")]),
            FieldPanel("body"),
            MultiFieldPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")], heading=_("Signataire")),
            MultiFieldPanel(
                [FieldPanel("logo"), FieldRowPanel([FieldPanel("primary_color"), FieldPanel("accent_color")])],
                heading=_("Apparence"),
            ),
        ],
        # Refuses a text that would not fit on one page (certificates.forms).
        base_form_class=CertificateTemplateForm,
    )


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    from certificates.admin_views import CertificateDetailView, CertificateListView

    return [
        path("attestations/", CertificateListView.as_view(), name="certificates_admin_list"),
        path("attestations/<id:pk>/", CertificateDetailView.as_view(), name="certificates_admin_detail"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_certificates(request.user)


@hooks.register("register_admin_menu_item")
def certificate_menu_item():
    return StaffMenuItem(_("Attestations"), reverse("certificates_admin_list"), icon_name="doc-full", order=450)


@hooks.register("register_admin_menu_item")
def certificate_template_menu_item():
    return StaffMenuItem(
        _("Modèles d'attestation"),
        reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        icon_name="doc-full-inverse",
        order=460,
    )
