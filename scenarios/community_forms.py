"""The front-end forms of the commons: "Je l'ai testé", adding to a collection, a collection's
title, reporting a problem. Plain forms, no JavaScript; French messages next to each field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scenarios.choices import ReportReason
from scenarios.models import ScenarioCollection, ScenarioFeedback
from scenarios.models.feedback import TARGET_CHOICES

NEW = "nouvelle"
MINE = "moi"


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("Utilité pour vous"),
        coerce=int,
        choices=[
            (1, _("1 — peu utile")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 — très utile")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ScenarioFeedback
        fields = ["tested_on", "target", "group_size", "how_it_went", "changes", "usefulness"]
        widgets = {
            "tested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "how_it_went": forms.Textarea(attrs={"rows": 5}),
            "changes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "tested_on": _("Date de la séance"),
            "target": _("Avec quel niveau ou quel public"),
            "group_size": _("Nombre d'élèves ou de participants"),
            "how_it_went": _("Comment ça s'est passé"),
            "changes": _("Ce que vous avez changé"),
        }
        help_texts = {
            "how_it_went": _("Ce qui a marché, ce qui a coincé. Votre nom est affiché avec votre retour."),
            "changes": _("Facultatif : une étape raccourcie, un autre matériel…"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target: forms.ChoiceField = self.fields["target"]  # type: ignore[assignment]
        target.choices = [("", _("Choisissez")), *TARGET_CHOICES]

    def clean_tested_on(self):
        tested_on = self.cleaned_data["tested_on"]
        if tested_on > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur : racontez une séance déjà faite."))
        return tested_on


class CollectionForm(forms.ModelForm):
    class Meta:
        model = ScenarioCollection
        fields = ["title", "description"]
        labels = {"title": _("Titre de la collection")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CollectionAddForm(forms.Form):
    """Pick one of the collections one may change, or name a new one (for oneself, or for an
    organisation one manages)."""

    collection = forms.ChoiceField(label=_("Collection"), widget=forms.RadioSelect)
    new_title = forms.CharField(label=_("Titre de la nouvelle collection"), max_length=120, required=False)
    new_owner = forms.ChoiceField(label=_("Nouvelle collection pour"), required=False)

    def __init__(self, *args, collections, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(collection.slug, self.collection_label(collection)) for collection in collections]
        field: forms.ChoiceField = self.fields["collection"]  # type: ignore[assignment]
        field.choices = [*choices, (NEW, _("Une nouvelle collection"))]
        self.fields["collection"].initial = choices[0][0] if choices else NEW
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        if self.organisations:
            owner: forms.ChoiceField = self.fields["new_owner"]  # type: ignore[assignment]
            owner.choices = [
                (MINE, _("Moi seulement (collection privée)")),
                *[
                    (pk, _("%(name)s (collection publique)") % {"name": organisation.name})
                    for pk, organisation in self.organisations.items()
                ],
            ]
        else:
            del self.fields["new_owner"]

    @staticmethod
    def collection_label(collection: ScenarioCollection) -> str:
        if collection.organisation is not None:
            return _("%(title)s — %(organisation)s (publique)") % {
                "title": collection.title,
                "organisation": collection.organisation.name,
            }
        return _("%(title)s (privée)") % {"title": collection.title}

    def clean(self):
        cleaned_data = super().clean() or {}
        if cleaned_data.get("collection") == NEW and not cleaned_data.get("new_title", "").strip():
            self.add_error("new_title", _("Donnez un titre à la nouvelle collection."))
        return cleaned_data

    def new_organisation(self):
        """The organisation the new collection is for, or None for a personal one."""
        return self.organisations.get((self.cleaned_data or {}).get("new_owner") or MINE)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Le problème"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Décrivez-le"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Où est le problème dans le scénario, et pourquoi. Seule l'équipe de modération le lit."),
    )
