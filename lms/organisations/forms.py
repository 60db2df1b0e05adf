from django import forms
from django.utils.translation import gettext_lazy as _


class CodeAccountForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    function = forms.CharField(label=_("Fonction (facultatif)"), max_length=120, required=False)

    def clean(self):
        cleaned = super().clean()
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
