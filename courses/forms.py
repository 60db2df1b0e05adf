from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from lms.accounts.models import AudienceCode, User
from lms.organisations.csv_import import MAX_BYTES, NOT_CSV, CsvRefused, parse_members_csv
from lms.organisations.models import MemberGroup
from lms.organisations.selectors import group_current_users, organisation_groups


def future_date(value):
    if value and value < timezone.localdate():
        raise forms.ValidationError(_("Choisissez une date à venir."))
    return value


def due_date_field():
    return forms.DateField(
        label=_("À terminer avant le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Facultatif. La date s'affiche dans l'espace des personnes inscrites et dans le suivi."),
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    """Checkbox ids are checked before they reach the database: a forged, huge number is an
    invalid choice, never an overflow."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) < 12):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


class OrganisationEnrolForm(forms.Form):
    WHO_CHOICES = [
        ("chosen", _("Les membres cochés ci-dessous")),
        ("audience", _("Tous les membres d'un public")),
        ("group", _("Tous les membres d'un groupe")),
        ("all", _("Tous les membres")),
    ]

    course = forms.ModelChoiceField(label=_("Formation"), queryset=Course.objects.none(), empty_label=_("Choisissez…"))
    who = forms.ChoiceField(label=_("Qui inscrire ?"), choices=WHO_CHOICES, initial="chosen", widget=forms.RadioSelect)
    audience = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("Choisissez…")), *AudienceCode.choices]
    )
    group = forms.ModelChoiceField(
        label=_("Groupe"), required=False, queryset=MemberGroup.objects.none(), empty_label=_("Choisissez…")
    )
    members = MemberChoiceField(
        label=_("Membres"), required=False, queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_on = due_date_field()

    def __init__(self, *args, organisation, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["course"].queryset = Course.objects.published().order_by("title")
        self.fields["members"].queryset = members
        self.fields["group"].queryset = organisation_groups(organisation)
        self.fields["members"].label_from_instance = lambda user: f"{user.last_name.upper()} {user.first_name}".strip()

    def clean_due_on(self):
        return future_date(self.cleaned_data.get("due_on"))

    def clean(self):
        cleaned = super().clean()
        who = cleaned.get("who")
        if who == "audience" and not cleaned.get("audience"):
            self.add_error("audience", _("Choisissez le public à inscrire."))
        if who == "group" and not cleaned.get("group"):
            self.add_error("group", _("Choisissez le groupe à inscrire."))
        if who == "chosen" and not cleaned.get("members"):
            self.add_error("members", _("Cochez au moins une personne."))
        return cleaned

    def users(self) -> list[User]:
        who = self.cleaned_data["who"]
        members = self.fields["members"].queryset
        if who == "all":
            return list(members)
        if who == "audience":
            return list(members.filter(audiences__code=self.cleaned_data["audience"]).distinct())
        if who == "group":
            return list(members.filter(pk__in=group_current_users(self.cleaned_data["group"])))
        return list(self.cleaned_data["members"])


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une ligne par personne, avec les colonnes nom, prénom et si possible e-mail, fonction et public. "
            "Au plus 5 Mo. Dans Excel : « Enregistrer sous », type « CSV (séparateur : point-virgule) »."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    code_accounts = forms.BooleanField(
        label=_("Créer un compte avec code personnel pour les personnes sans adresse e-mail"),
        required=False,
        help_text=_("Vous imprimerez leurs codes après l'import. Sinon, ces lignes sont ignorées."),
    )
    course = forms.ModelChoiceField(
        label=_("Inscrire aussi à une formation"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("Aucune formation"),
    )
    due_on = due_date_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.published().order_by("title")
        self.member_file = None

    def clean_due_on(self):
        return future_date(self.cleaned_data.get("due_on"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo. Découpez-le en plusieurs fichiers."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(NOT_CSV)
        self.data_bytes = upload.read()
        try:
            self.member_file = parse_members_csv(self.data_bytes)
        except CsvRefused as error:
            raise forms.ValidationError(str(error)) from error
        if not self.member_file.rows:
            raise forms.ValidationError(_("Le fichier ne contient aucune personne après la ligne des titres."))
        return upload
