"""Front-end forms: the trainer's profile, the pool search, the session and its slots."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Module, Theme
from facetoface.models import TrainerProfile, TrainingSession, validate_slots
from lms.accounts.forms import EmailAddressField
from lms.accounts.models import Audience, User
from lms.audiences import AudienceCode
from lms.organisations.models import MemberGroup, Organisation, Territory, TerritoryKind
from lms.organisations.models.territories import search_key
from lms.organisations.selectors import group_current_users


def find_territory(text: str, kinds: tuple[str, ...]) -> Territory:
    """A commune or département from its official code or its exact name, in French errors."""
    text = text.strip()
    candidates = Territory.objects.active().filter(kind__in=kinds)
    found = list(candidates.filter(code__iexact=text)[:2]) or list(candidates.filter(search_name=search_key(text))[:2])
    if not found:
        raise ValidationError(_("Aucune commune ni aucun département ne porte ce nom ou ce code."))
    if len(found) > 1:
        raise ValidationError(_("Plusieurs territoires portent ce nom : indiquez le code INSEE."))
    return found[0]


class TerritoryField(forms.CharField):
    def __init__(self, *args, kinds: tuple[str, ...] = (TerritoryKind.COMMUNE,), **kwargs) -> None:
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return value.name
        if isinstance(value, int):
            territory = Territory.objects.filter(pk=value).first()
            return territory.name if territory else ""
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return find_territory(text, self.kinds)


class PoolSearchForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.all(), required=False, empty_label=_("Tous les thèmes")
    )
    audience = forms.ChoiceField(
        label=_("Public formé"), choices=[("", _("Tous les publics")), *AudienceCode.choices], required=False
    )
    territory = TerritoryField(
        label=_("Territoire couvert"),
        required=False,
        kinds=(TerritoryKind.COMMUNE, TerritoryKind.DEPARTEMENT),
        help_text=_("Une commune ou un département, par son nom ou son code : « Privas », « 07 »."),
    )


class TrainerProfileForm(forms.ModelForm):
    territories_text = forms.CharField(
        label=_("Territoires couverts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un département ou une commune par ligne, par son nom ou son code : « 07 », « Privas »."),
    )

    class Meta:
        model = TrainerProfile
        fields = ["themes", "audiences", "organisation", "availability", "bio"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "availability": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).exclude(kind="commune")
        if self.instance.pk:
            self.initial["territories_text"] = "\n".join(
                territory.code for territory in self.instance.territories.order_by("kind", "name")
            )

    def clean_territories_text(self) -> list[Territory]:
        territories, errors = [], []
        for line in self.cleaned_data["territories_text"].splitlines():
            if not line.strip():
                continue
            try:
                territories.append(find_territory(line, (TerritoryKind.COMMUNE, TerritoryKind.DEPARTEMENT)))
            except ValidationError as error:
                errors.append(f"« {line.strip()} » : {error.messages[0]}")
        if errors:
            raise ValidationError(errors)
        return territories

    def save(self, commit: bool = True) -> TrainerProfile:
        profile = super().save(commit=commit)
        if commit:
            profile.territories.set(self.cleaned_data["territories_text"])
        return profile


class TrainerAddForm(forms.Form):
    email = EmailAddressField(
        label=_("Adresse e-mail du formateur"), help_text=_("La personne doit déjà avoir un compte.")
    )

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise ValidationError(_("Aucun compte n'utilise cette adresse : invitez d'abord la personne."))
        return user


class SessionForm(forms.ModelForm):
    commune = TerritoryField(
        label=_("Commune"),
        required=False,
        help_text=_("Son nom ou son code INSEE. Vide : la commune du lieu choisi ci-dessus."),
    )
    video_url = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")
    registration_deadline = forms.DateTimeField(
        label=_("Date limite d'inscription"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Après cette date, on ne s'inscrit plus et on ne se désinscrit plus en ligne."),
    )

    class Meta:
        model = TrainingSession
        fields = [
            "course",
            "title",
            "organiser",
            "place_organisation",
            "address",
            "video_url",
            "trainers",
            "capacity",
            "registration_deadline",
            "required_module",
            "requires_manager_approval",
        ]
        widgets = {"trainers": forms.CheckboxSelectMultiple, "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisers, trainers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.published()
        self.fields["organiser"].queryset = organisers
        self.fields["organiser"].empty_label = None
        self.fields["place_organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["trainers"].queryset = trainers
        self.fields["trainers"].label_from_instance = lambda profile: str(profile)
        self.fields["required_module"].queryset = Module.objects.published().select_related("course")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators.append(_positive)
        if self.instance.pk:
            self.initial["commune"] = self.instance.territory.name

    def clean(self) -> dict:
        data = super().clean()
        place = data.get("place_organisation")
        if not data.get("commune") and place is not None:
            data["commune"] = place.territory if place.territory.kind == TerritoryKind.COMMUNE else None
        if not data.get("commune") and "commune" not in self.errors:
            self.add_error("commune", _("Indiquez la commune où la session a lieu."))
        if not (place or data.get("address", "").strip() or data.get("video_url")):
            self.add_error(
                "place_organisation",
                _("Indiquez un lieu : une organisation, une adresse ou un lien de visioconférence."),
            )
        module, course = data.get("required_module"), data.get("course")
        if module is not None and course is not None and module.course_id != course.pk:
            self.add_error("required_module", _("Ce module n'appartient pas à la formation choisie."))
        return data

    def save(self, commit: bool = False) -> TrainingSession:
        session = super().save(commit=False)
        session.territory = self.cleaned_data["commune"]
        return session


def _positive(value: int) -> None:
    if value < 1:
        raise ValidationError(_("Une session a au moins une place."))


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("Le créneau doit finir après son début."))
        return data

    def moments(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
            datetime.combine(day, self.cleaned_data["end"], tzinfo=zone),
        )


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        slots = self.slots()
        if not slots:
            raise ValidationError(_("Indiquez au moins un créneau."))
        errors = validate_slots(slots)
        if errors:
            raise ValidationError(errors)

    def slots(self) -> list[tuple[datetime, datetime]]:
        """The slots kept: every existing one not ticked for deletion (unchanged ones too), and
        the blank rows that were filled in."""
        return [
            form.moments()
            for index, form in enumerate(self.forms)
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (index < self.initial_form_count() or form.has_changed())
        ]


SlotFormSet = forms.formset_factory(SlotForm, formset=BaseSlotFormSet, extra=2, can_delete=True)


def slot_initial(session: TrainingSession) -> list[dict]:
    return [
        {
            "day": timezone.localtime(slot.start).date(),
            "start": timezone.localtime(slot.start).time(),
            "end": timezone.localtime(slot.end).time(),
        }
        for slot in session.slots.not_cancelled().order_by("start")
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est envoyé par e-mail à chaque personne inscrite."),
        error_messages={"required": _("Indiquez le motif de l'annulation : il est envoyé aux inscrits.")},
    )


class BulkRegistrationForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Tout un groupe"),
        queryset=MemberGroup.objects.none(),
        required=False,
        empty_label=_("Aucun groupe"),
        help_text=_("Ses membres actuels sont inscrits, en plus des personnes cochées."),
    )
    users = forms.ModelMultipleChoiceField(
        label=_("Membres à inscrire"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = members
        self.fields["users"].label_from_instance = lambda user: user.get_full_name() or user.email
        if groups is not None:
            self.fields["group"].queryset = groups
        else:
            del self.fields["group"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("users") and not cleaned.get("group"):
            self.add_error("users", _("Choisissez au moins une personne."))
        return cleaned

    def people(self) -> list[User]:
        """The checked members and the group's current ones, each once, in the list's order."""
        members = self.fields["users"].queryset
        chosen = {user.pk for user in self.cleaned_data.get("users") or []}
        group = self.cleaned_data.get("group")
        if group is None:
            return list(self.cleaned_data["users"])
        return list(members.filter(Q(pk__in=chosen) | Q(pk__in=group_current_users(group))))


class SessionFilterForm(forms.Form):
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Territory.objects.none(), required=False, empty_label=_("Tous")
    )
    commune = TerritoryField(label=_("Commune"), required=False)
    course = forms.ModelChoiceField(
        label=_("Formation"), queryset=Course.objects.published(), required=False, empty_label=_("Toutes")
    )
    audience = forms.ChoiceField(label=_("Public"), choices=[("", _("Tous")), *AudienceCode.choices], required=False)
    month = forms.DateField(
        label=_("Mois"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, departements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements
