"""The attestation template form in the Wagtail admin (Snippets → Modèles d'attestation)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from certificates.models import CertificateTemplate


class CertificateTemplateForm(WagtailAdminModelForm):
    def clean(self):
        """A template whose text would push an attestation onto a second page is refused here,
        on the sample with the longest names and titles, rather than found in a learner's PDF.
        Laying it out in this request is the one exception to "never render in a request"
        (DESIGN.md §5): it is staff saving, not a learner waiting; one layout takes 0.10-0.13 s,
        1.2-1.5 s for the first in a process (importing WeasyPrint, loading the fonts)."""
        cleaned_data = super().clean()
        if self.errors.get("body") or not cleaned_data.get("body"):
            return cleaned_data
        from certificates.rendering import template_sample_pages

        sample = CertificateTemplate(
            title=cleaned_data.get("title") or "",
            body=cleaned_data["body"],
            signatory_name=cleaned_data.get("signatory_name") or "",
            signatory_title=cleaned_data.get("signatory_title") or "",
            logo=cleaned_data.get("logo"),
            primary_color=cleaned_data.get("primary_color") or "",
            accent_color=cleaned_data.get("accent_color") or "",
        )
        if template_sample_pages(sample) > 1:
            self.add_error(
                "body",
                _(
                    "Ce texte est trop long : avec les noms et les intitulés de formation les plus longs, "
                    "l'attestation ne tiendrait pas sur une page. Raccourcissez-le."
                ),
            )
        return cleaned_data
