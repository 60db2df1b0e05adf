from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import EmailAddressField, NameField
from lms.organisations.models import AGENCY_KINDS, OrganisationKind, Territory, TerritoryKind
from lms.organisations.validators import validate_siren, validate_uai


class CodeAccountForm(forms.Form):
    first_name = NameField(label=_("Prénom"), max_length=150, required=False)
    last_name = NameField(label=_("Nom"), max_length=150, required=False)
    function = forms.CharField(label=_("Fonction"), max_length=120, required=False)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        first, last = cleaned.get("first_name", "").strip(), cleaned.get("last_name", "").strip()
        if (first or last or cleaned.get("function", "").strip()) and not (first and last):
            raise forms.ValidationError(_("Indiquez le prénom et le nom, ou laissez la ligne vide."))
        return cleaned

    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("first_name") and self.cleaned_data.get("last_name"))


class BaseCodeAccountFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.is_filled() for form in self.forms):
            raise forms.ValidationError(_("Indiquez au moins une personne."))

    def people(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.is_filled()]


CodeAccountFormSet = forms.formset_factory(
    CodeAccountForm, formset=BaseCodeAccountFormSet, extra=5, max_num=20, absolute_max=20, validate_max=True
)


class JoinRequestForm(forms.Form):
    function = forms.CharField(
        label=_("Votre fonction"),
        max_length=120,
        help_text=_("Par exemple : maire, adjointe au numérique, directeur d'école, responsable de l'EPN."),
    )


class NewOrganisationRequestForm(JoinRequestForm):
    kind = forms.ChoiceField(
        label=_("Type d'organisation"),
        choices=[("", _("Choisissez…"))]
        + [(value, capfirst(label)) for value, label in OrganisationKind.choices if value not in AGENCY_KINDS],
    )
    name = NameField(label=_("Nom de l'organisation"), max_length=200)
    commune = forms.CharField(
        label=_("Commune"),
        max_length=10,
        help_text=_("Son code postal ou son code INSEE, par exemple 07000 ou 07186."),
    )
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=9,
        required=False,
        validators=[validate_siren],
        help_text=_("Facultatif : 9 chiffres, sur l'avis de situation INSEE ou annuaire-entreprises."),
    )
    uai = forms.CharField(
        label=_("Numéro UAI"),
        max_length=8,
        required=False,
        help_text=_("Obligatoire pour une école, un collège ou un lycée : 7 chiffres et une lettre."),
    )
    field_order = ["kind", "name", "commune", "siren", "uai", "function"]

    def clean_commune(self) -> Territory:
        value = self.cleaned_data["commune"].strip().upper()
        communes = Territory.objects.active().filter(kind=TerritoryKind.COMMUNE)
        exact = communes.filter(code=value).first()
        if exact is not None:
            return exact
        matches = list(communes.filter(postcodes_text__contains=f" {value}")[:8])
        if not matches:
            raise forms.ValidationError(_("Aucune commune ne correspond à « %(value)s ».") % {"value": value})
        if len(matches) > 1:
            names = ", ".join(f"{commune.name} ({commune.code})" for commune in matches)
            raise forms.ValidationError(
                _("Plusieurs communes ont ce code postal : %(names)s. Saisissez le code INSEE de la vôtre.")
                % {"names": names}
            )
        return matches[0]

    def clean_uai(self) -> str:
        value = self.cleaned_data["uai"].strip().upper()
        if value:
            validate_uai(value)
        return value


class InvitationForm(forms.Form):
    email = EmailAddressField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    function = forms.CharField(
        label=_("Fonction"), max_length=120, required=False, help_text=_("Facultatif, par exemple : agent d'accueil.")
    )


class ActivationForm(forms.Form):
    first_name = NameField(label=_("Prénom"), max_length=150)
    last_name = NameField(label=_("Nom"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Facultatif. Sans mot de passe, vous vous connecterez avec un lien reçu par e-mail."),
    )

    def clean_password(self) -> str:
        from django.contrib.auth import password_validation

        password = self.cleaned_data.get("password") or ""
        if password:
            password_validation.validate_password(password)
        return password
