"""Forms of the aid plans' back office (issue 29)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.needs.wealth_csv import parse_wealth_csv
from lms.organisations.csv_import import MAX_BYTES, CsvRefused
from lms.organisations.models import Territory
from surveys.defaults import SCHOOL_FAMILY
from surveys.models import Campaign

MAX_BUDGET = 10_000_000_000  # ten billion euros: past that, a typo


def euros(label, *, required: bool, help_text=""):
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=MAX_BUDGET, help_text=help_text)


class PlanParametersForm(forms.Form):
    name = forms.CharField(label=_("Nom du plan"), max_length=200)
    budget = euros(_("Budget (€)"), required=True, help_text=_("En euros, sans centimes, par exemple 500000."))
    floor = euros(
        _("Plancher par commune (€)"),
        required=False,
        help_text=_("Facultatif : le montant minimum d'une commune qui a des besoins."),
    )
    ceiling = euros(
        _("Plafond par commune (€)"), required=False, help_text=_("Facultatif : le montant maximum d'une commune.")
    )

    def clean(self):
        data = super().clean() or {}
        floor, ceiling = data.get("floor"), data.get("ceiling")
        if floor is not None and ceiling is not None and ceiling < floor:
            self.add_error("ceiling", _("Le plafond doit être supérieur ou égal au plancher."))
        return data


class PlanCreateForm(PlanParametersForm):
    departement: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Département"), queryset=Territory.objects.none(), empty_label=None
    )
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Campagne d'enquête"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        help_text=_("Une campagne close du questionnaire des écoles : ses réponses font l'indice des besoins."),
    )
    field_order = ["name", "departement", "campaign", "budget", "floor", "ceiling"]

    def __init__(self, *args, departements, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        departement_field = self.fields["departement"]
        campaign_field = self.fields["campaign"]
        assert isinstance(departement_field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
        assert isinstance(campaign_field, forms.ModelChoiceField)  # noqa: S101
        departement_field.queryset = departements
        departement_field.label_from_instance = lambda territory: f"{territory.name} ({territory.code})"  # type: ignore[method-assign,assignment]
        campaign_field.queryset = (
            Campaign.objects.closed_on(timezone.localdate())
            .filter(agency__in=[agency.pk for agency in agencies], questionnaire__family=SCHOOL_FAMILY)
            .order_by("-closes_on", "-pk")
        )


class WealthImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une ligne par commune, avec les colonnes code INSEE, potentiel financier par habitant, année et "
            "source. Au plus 5 Mo. Dans Excel : « Enregistrer sous », type « CSV (séparateur : point-virgule) »."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo. Découpez-le en plusieurs fichiers."))
        try:
            self.parsed = parse_wealth_csv(upload.read())
        except CsvRefused as error:
            raise forms.ValidationError(str(error)) from error
        return upload
