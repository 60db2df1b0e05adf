from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Organisation, Territory, TerritoryKind
from surveys.models import Questionnaire
from surveys.selectors import (
    communes_of,
    organisations_in_scope,
    questionnaires_usable,
    schools_of,
    territories_for_targets,
)

TARGET_MODES = [
    ("schools_departement", _("Toutes les écoles et tous les établissements d'un département")),
    ("schools_epci", _("Toutes les écoles et tous les établissements d'une intercommunalité")),
    ("communes_departement", _("Toutes les communes d'un département")),
    ("list", _("Une liste choisie d'organisations")),
]


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    title = forms.CharField(label=_("Titre de la campagne"), max_length=200)
    target_mode = forms.ChoiceField(label=_("Organisations visées"), choices=TARGET_MODES, widget=forms.RadioSelect)
    departement = forms.ModelChoiceField(label=_("Département"), queryset=Territory.objects.none(), required=False)
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), queryset=Territory.objects.none(), required=False)
    organisations = forms.CharField(
        label=_("Liste d'organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Une par ligne : son adresse courte (par exemple « mairie-de-privas ») ou son numéro UAI."),
    )
    opens_on = forms.DateField(
        label=_("Ouverture le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Clôture le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    message = forms.CharField(
        label=_("Message aux organisations"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Repris dans l'invitation et en tête du questionnaire."),
    )

    def __init__(self, *args, agency: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        cast(forms.ModelChoiceField, self.fields["questionnaire"]).queryset = questionnaires_usable()
        cast(forms.ModelChoiceField, self.fields["departement"]).queryset = territories_for_targets(
            agency, TerritoryKind.DEPARTEMENT
        )
        cast(forms.ModelChoiceField, self.fields["epci"]).queryset = territories_for_targets(agency, TerritoryKind.EPCI)
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=28)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mode = data.get("target_mode")
        if mode in ("schools_departement", "communes_departement") and not data.get("departement"):
            self.add_error("departement", _("Choisissez le département."))
        if mode == "schools_epci" and not data.get("epci"):
            self.add_error("epci", _("Choisissez l'intercommunalité."))
        if mode == "list":
            names = [line.strip() for line in (data.get("organisations") or "").splitlines() if line.strip()]
            if not names:
                self.add_error("organisations", _("Indiquez au moins une organisation."))
            else:
                found = organisations_in_scope(self.agency).filter(models_q_slug_or_uai(names))
                known = set(found.values_list("slug", flat=True)) | set(found.values_list("uai", flat=True))
                unknown = [name for name in names if name not in known and name.upper() not in known]
                if unknown:
                    self.add_error(
                        "organisations",
                        _("Organisations inconnues sur votre territoire : %(names)s.") % {"names": ", ".join(unknown)},
                    )
                data["organisation_names"] = names
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("La clôture doit suivre l'ouverture."))
        return data

    def targets(self):
        """(queryset of target organisations, label) from the cleaned choice."""
        data = self.cleaned_data
        mode = data["target_mode"]
        if mode == "schools_departement":
            return schools_of(data["departement"]), _("Écoles et établissements : %(name)s") % {
                "name": data["departement"].name
            }
        if mode == "schools_epci":
            return schools_of(data["epci"]), _("Écoles et établissements : %(name)s") % {"name": data["epci"].name}
        if mode == "communes_departement":
            return communes_of(data["departement"]), _("Communes : %(name)s") % {"name": data["departement"].name}
        names = data["organisation_names"]
        found = organisations_in_scope(self.agency).filter(models_q_slug_or_uai(names))
        return found, _("Liste choisie (%(count)s)") % {"count": len(names)}


def models_q_slug_or_uai(names: list[str]):
    from django.db.models import Q

    return Q(slug__in=names) | Q(uai__in=[name.upper() for name in names])


class ExtendForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Nouvelle date de clôture"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
