from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for an e-mail or a login id."""

    username = forms.CharField(
        label=_("Adresse e-mail ou identifiant"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail, identifiant ou mot de passe incorrect. "
            "Vérifiez votre saisie : le mot de passe tient compte des majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
    }
