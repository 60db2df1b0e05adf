"""The front-end form of a contributed scenario: its structured fields, its steps as a formset
(a repeatable group that works without JavaScript), one file to add per save and the files to
remove. Every field is plain text, stored as typed and escaped on output (DESIGN.md §2 "Text"):
a scenario holds no HTML, so there is nothing for nh3 to clean and running it would corrupt "&"."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import Competence
from scenarios.choices import Licence
from scenarios.models import Equipment, Level, Public, ScenarioAttachment, Subject
from scenarios.uploads import check_upload

MAX_STEPS = 20
MAX_MINUTES = 600


class FacetChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=120)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases, 300 caractères au plus : elles s'affichent dans la liste des scénarios."),
    )
    levels = FacetChoiceField(
        label=_("Niveaux scolaires"),
        queryset=Level.objects.all(),
        required=False,
        help_text=_("Pour une séance de classe. Laissez vide pour un atelier d'adultes."),
    )
    publics = FacetChoiceField(
        label=_("Publics adultes"),
        queryset=Public.objects.all(),
        required=False,
        help_text=_("Pour un atelier d'adultes. Laissez vide pour une séance de classe."),
    )
    subjects = FacetChoiceField(label=_("Disciplines"), queryset=Subject.objects.all())
    competences = CompetenceChoiceField(
        label=_("Compétences numériques travaillées (CRCN)"), queryset=Competence.objects.all()
    )
    group_size = forms.CharField(
        label=_("Taille du groupe"), max_length=120, help_text=_("Par exemple : classe entière, en binômes.")
    )
    equipment = FacetChoiceField(label=_("Équipement"), queryset=Equipment.objects.all())
    objectives = forms.CharField(
        label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Un objectif par ligne.")
    )
    assessment = forms.CharField(
        label=_("Évaluation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Comment savoir que les objectifs sont atteints."),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY_SA,
        help_text=_(
            "Le scénario est partagé sous cette licence libre : d'autres pourront le réutiliser en vous citant."
        ),
    )
    attachment = forms.FileField(
        label=_("Ajouter une pièce jointe"),
        required=False,
        help_text=_(
            "PDF, texte (ODT, DOCX), présentation (ODP, PPTX) ou image (PNG, JPEG) ; "
            "10 Mo au plus, 5 fichiers par scénario."
        ),
    )
    remove_attachments = AttachmentChoiceField(
        label=_("Pièces jointes à retirer"), queryset=ScenarioAttachment.objects.none(), required=False
    )

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attachments = list(attachments)
        remove = self.fields["remove_attachments"]
        assert isinstance(remove, AttachmentChoiceField)  # noqa: S101  (narrows the type for mypy)
        remove.queryset = ScenarioAttachment.objects.filter(pk__in=[attachment.pk for attachment in self.attachments])
        self.checked_file = None

    def clean_attachment(self):
        upload = (self.cleaned_data or {}).get("attachment")
        if upload:
            removing = (
                len(self.data.getlist(self.add_prefix("remove_attachments"))) if hasattr(self.data, "getlist") else 0
            )
            self.checked_file = check_upload(upload, already=max(len(self.attachments) - removing, 0))
        return upload

    def clean(self):
        cleaned_data = super().clean() or {}
        levels, publics = cleaned_data.get("levels"), cleaned_data.get("publics")
        if levels is not None and publics is not None and not levels and not publics:
            self.add_error("levels", _("Choisissez au moins un niveau scolaire ou un public adulte."))
        return cleaned_data


class StepForm(forms.Form):
    title = forms.CharField(label=_("Titre de l'étape"), max_length=120)
    minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=1, max_value=MAX_MINUTES)
    leader = forms.CharField(
        label=_("Ce que fait l'enseignant ou l'animateur"), widget=forms.Textarea(attrs={"rows": 3})
    )
    participants = forms.CharField(
        label=_("Ce que font les élèves ou les participants"), widget=forms.Textarea(attrs={"rows": 3})
    )
    material = forms.CharField(label=_("Matériel de l'étape"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BaseStepFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(form.cleaned_data["minutes"] for form in self.kept_forms())
        if total > MAX_MINUTES:
            raise ValidationError(
                _("Les étapes durent %(total)s minutes en tout : un scénario dure au plus %(max)s minutes.")
                % {"total": total, "max": MAX_MINUTES}
            )

    def kept_forms(self) -> list[forms.Form]:
        """The filled steps, in order, without those ticked for removal."""
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and getattr(form, "cleaned_data", {}).get("DELETE"))
        ]

    def steps(self) -> list[dict]:
        return [form.cleaned_data for form in self.kept_forms()]


StepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_STEPS,
    validate_max=True,
    can_delete=True,
)
STEPS_PREFIX = "etapes"


def steps_formset(data=None, *, initial=None, add_row=False) -> BaseStepFormSet:
    """The steps as posted, or from `initial`. With `add_row`, the rows typed so far (unchecked,
    so that an unfinished step shows no error yet) and one empty row more."""
    if add_row and data is not None:
        total = int(data.get(f"{STEPS_PREFIX}-TOTAL_FORMS") or 0)
        rows = [
            {name: data.get(f"{STEPS_PREFIX}-{index}-{name}", "") for name in StepForm.base_fields}
            for index in range(min(total, MAX_STEPS))
            if not data.get(f"{STEPS_PREFIX}-{index}-DELETE")
        ]
        formset = cast(BaseStepFormSet, StepFormSet(initial=rows, prefix=STEPS_PREFIX))
        formset.extra = 1 if len(rows) < MAX_STEPS else 0
        return formset
    if data is not None:
        return cast(BaseStepFormSet, StepFormSet(data, prefix=STEPS_PREFIX))
    return cast(BaseStepFormSet, StepFormSet(initial=initial or [], prefix=STEPS_PREFIX))
