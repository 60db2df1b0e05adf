"""The form a manager fills in to share an experience, and the listing's filters. Plain text
throughout: stored as typed, escaped on output."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from courses.models import Theme
from lms.organisations.models import Organisation, Territory
from relays.experiences_selectors import territory_by_key
from relays.models import BudgetBand, SharedExperience


def territory_choices(organisation: Organisation) -> list[Territory]:
    """Where an action may be placed: the organisation's own territory, then its EPCI and its
    département (a commune's action may serve its whole intercommunalité)."""
    own = organisation.territory
    return [territory for territory in (own, own.epci, own.departement) if territory is not None]


class ExperienceForm(forms.ModelForm):
    territory = forms.TypedChoiceField(label=_("Territoire de l'action"), coerce=int)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les thèmes du catalogue de formations que l'action a travaillés."),
    )

    class Meta:
        model = SharedExperience
        fields = ["title", "context", "actions", "budget_band", "partners", "results", "contact", "territory", "themes"]
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("En une phrase : « Des ateliers numériques pour les parents à la médiathèque »."),
            "actions": _("Les étapes, qui a fait quoi, combien de temps cela a pris."),
            "results": _("Ce qui a changé : participants, usages, ce que vous referiez autrement."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places = {territory.pk: territory for territory in territory_choices(organisation)}
        territory: forms.ChoiceField = self.fields["territory"]  # type: ignore[assignment]
        budget_band: forms.ChoiceField = self.fields["budget_band"]  # type: ignore[assignment]
        territory.choices = [
            (territory.pk, f"{territory.name} ({territory.get_kind_display()})") for territory in self.places.values()
        ]
        budget_band.choices = [("", _("Choisissez…"))] + [
            (value, capfirst(label)) for value, label in BudgetBand.choices
        ]
        if self.instance.pk is None:
            self.initial.setdefault("territory", organisation.territory_id)
        else:
            self.initial["territory"] = self.instance.territory_id

    def clean_territory(self) -> Territory:
        return self.places[self.cleaned_data["territory"]]


class ExperienceFilterForm(forms.Form):
    """The listing's filters, as a GET form: they work without JavaScript and give shareable links."""

    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.none(), required=False, to_field_name="slug", empty_label=_("Tous")
    )
    territoire = forms.ChoiceField(label=_("Territoire"), required=False)
    association = forms.ModelChoiceField(
        label=_("Mis en avant par"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes les associations"),
    )

    def __init__(self, *args, themes, territories: list[Territory], associations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        theme: forms.ModelChoiceField = self.fields["theme"]  # type: ignore[assignment]
        association: forms.ModelChoiceField = self.fields["association"]  # type: ignore[assignment]
        territoire: forms.ChoiceField = self.fields["territoire"]  # type: ignore[assignment]
        theme.queryset = themes
        association.queryset = associations
        self.territories = {f"{territory.kind}-{territory.code}": territory for territory in territories}
        # A link from a territory's dashboard names it even when no experience is tagged with it
        # (an EPCI, a région): it joins the choices, so that the select shows the filter applied.
        asked = self.data.get("territoire", "") if self.is_bound else ""
        if asked and asked not in self.territories and (extra := territory_by_key(asked)) is not None:
            self.territories[asked] = extra
        territoire.choices = [("", _("Tous"))] + [
            (key, f"{territory.name} ({territory.get_kind_display()})") for key, territory in self.territories.items()
        ]

    def filters(self) -> dict:
        """The valid filters; an unknown value is ignored rather than an error page."""
        self.is_valid()  # cleaned_data then holds the valid fields only (none when unbound)
        data = getattr(self, "cleaned_data", {})
        return {
            "theme": data.get("theme"),
            "territory": self.territories.get(data.get("territoire", "")),
            "association": data.get("association"),
        }
