"""The form managers fill in from their space ("Profil public")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from relays.models import RelayProfile
from relays.standard import choices

EDITABLE_FIELDS = [
    "is_published",
    "summary",
    "street",
    "address_complement",
    "postcode",
    "opening_hours",
    "services",
    "audiences",
    "support",
    "step_free_access",
    "hearing_loop",
    "acces_libre_url",
    "contact_email",
    "phone",
    "website",
]


class RelayProfileForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services proposés"),
        choices=choices("services"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Les services du standard national des lieux de médiation numérique."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Publics accueillis en particulier"),
        choices=choices("publics_specifiquement_adresses"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support = forms.MultipleChoiceField(
        label=_("Accompagnements spécifiques"),
        choices=choices("prise_en_charge_specifique"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommended_courses = forms.ModelMultipleChoiceField(
        label=_("Formations recommandées"),
        queryset=Course.objects.published().order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    acces_libre_url = forms.URLField(
        label=_("Fiche Accès libre"),
        required=False,
        assume_scheme="https",
        help_text=_("L'adresse de la fiche du lieu sur acceslibre.beta.gouv.fr."),
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    postcode = forms.RegexField(
        label=_("Code postal"), regex=r"^\d{5}$", required=False, error_messages={"invalid": _("Cinq chiffres.")}
    )

    class Meta:
        model = RelayProfile
        fields = EDITABLE_FIELDS
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 4}), "summary": forms.Textarea(attrs={"rows": 2})}
