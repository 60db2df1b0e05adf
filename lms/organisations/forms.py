from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lms.accounts.forms import EmailAddressField, NameField
from lms.organisations.models import AGENCY_KINDS, OrganisationKind, Territory
from lms.organisations.selectors import communes_for_place
from lms.organisations.validators import validate_siren, validate_uai
from lms.runtime.converters import parse_id


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


# Enough for every commune of any French postcode (51300 has 46).
COMMUNES_LISTED = 50


class NewOrganisationRequestForm(JoinRequestForm):
    kind = forms.ChoiceField(
        label=_("Type d'organisation"),
        choices=[("", _("Choisissez…"))]
        + [(value, capfirst(label)) for value, label in OrganisationKind.choices if value not in AGENCY_KINDS],
    )
    name = NameField(label=_("Nom de l'organisation"), max_length=200)
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("Son nom, son code postal ou son code INSEE, par exemple Privas, 07000 ou 07186."),
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
        value = self.cleaned_data["commune"].strip()
        matches = list(communes_for_place(value)[: COMMUNES_LISTED + 1])
        if not matches:
            raise forms.ValidationError(_("Aucune commune ne correspond à « %(value)s ».") % {"value": value})
        if len(matches) == 1:
            return matches[0]
        # Every commune of a postcode is listed (46 at most); a name may match more, and then the
        # message says how many were left out rather than dropping them silently.
        total = len(matches) if len(matches) <= COMMUNES_LISTED else communes_for_place(value).count()
        names = ", ".join(f"{commune.name} ({commune.code})" for commune in matches[:COMMUNES_LISTED])
        if total > COMMUNES_LISTED:
            others = total - COMMUNES_LISTED
            names += " " + ngettext("et %(count)s autre", "et %(count)s autres", others) % {"count": others}
        raise forms.ValidationError(
            # Never fewer than two here, so no singular form is needed.
            _(
                "%(count)s communes correspondent à « %(value)s » : %(names)s. "
                "Saisissez le code INSEE de la vôtre, entre parenthèses."
            )
            % {"count": total, "value": value, "names": names}
        )

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


class MembershipChoiceField(forms.ModelMultipleChoiceField):
    """Checkbox ids go through parse_id before the database: a forged huge number is an invalid
    choice, never an overflow."""

    def label_from_instance(self, obj) -> str:
        user = obj.user
        return f"{user.last_name.upper()} {user.first_name}".strip() or str(user)

    def _check_values(self, value):
        for pk in value:
            if parse_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(pk)}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, absent from its stubs


class MemberGroupForm(forms.Form):
    name = forms.CharField(label=_("Nom du groupe"), max_length=120)
    memberships = MembershipChoiceField(
        label=_("Membres du groupe"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["memberships"]
        assert isinstance(field, MembershipChoiceField)  # noqa: S101  # narrows the type for mypy
        field.queryset = memberships

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Donnez un nom au groupe."))
        return name
