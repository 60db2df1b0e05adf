from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from lms.accounts import throttling
from lms.accounts.backends import sign_in_refusal
from lms.accounts.models import AudienceCode, Language, User, normalise_email
from lms.accounts.names import clean_name
from lms.accounts.services.access_codes import access_code_consume
from lms.accounts.services.passwords import password_reset_request


class EmailAddressField(forms.EmailField):
    """An e-mail address field whose error says "adresse e-mail", the word every label uses:
    Django's French catalogue says "courriel"."""

    default_error_messages = {"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")}


class NameField(forms.CharField):
    """A person's or an organisation's name, cleaned of bidi and control characters before it is
    checked, so that a name made only of them is missing, and the form shows what will be saved."""

    def to_python(self, value):
        return clean_name(super().to_python(value))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, for an e-mail or a login id. Throttling and the confirmed-address
    rule are the backend's, so that every login view applies them; this form only explains."""

    username = forms.CharField(
        label=_("Adresse e-mail ou identifiant"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail, identifiant ou mot de passe incorrect. "
            "Vérifiez votre saisie : le mot de passe tient compte des majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
        "throttled": _(
            "Trop de tentatives de connexion. Réessayez dans 15 minutes, ou recevez un lien de connexion par e-mail. "
            "Sans adresse e-mail, demandez un nouveau code d'accès à la personne qui gère votre organisation."
        ),
        "unconfirmed": _(
            "Confirmez d'abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé, "
            "ou demandez un nouveau lien de connexion."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django caps this field at the login id's length (40); e-mail addresses can be longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = "254"

    def get_invalid_login_error(self) -> forms.ValidationError:
        # The backend (lms/accounts/backends.py) applies the rules and says why it refused.
        code = sign_in_refusal(self.request) or "invalid_login"
        return forms.ValidationError(self.error_messages[code], code=code)


class AudienceChoiceField(forms.MultipleChoiceField):
    """The four audiences, always in the same order, as checkboxes."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {"required": _("Cochez au moins une case.")}

    def __init__(self, **kwargs):
        super().__init__(choices=AudienceCode.choices, **kwargs)


class SignUpForm(forms.Form):
    first_name = NameField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = NameField(label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = EmailAddressField(
        label=_("Adresse e-mail"),
        help_text=_("Nous y envoyons un lien pour confirmer votre inscription."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    audiences = AudienceChoiceField(
        label=_("Vous êtes"),
        help_text=_("Cochez tout ce qui vous correspond : nous vous proposerons les formations adaptées."),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Facultatif. Au moins 8 caractères, pas seulement des chiffres ni un mot de passe courant. "
            "Sans mot de passe, vous vous connecterez avec un lien reçu par e-mail."
        ),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            candidate = User(
                email=self.cleaned_data.get("email"),
                first_name=self.cleaned_data.get("first_name", ""),
                last_name=self.cleaned_data.get("last_name", ""),
            )
            password_validation.validate_password(password, candidate)
        return password


class AccessCodeForm(forms.Form):
    """First sign-in of someone without e-mail, with the code printed by their organisation."""

    login_id = forms.CharField(
        label=_("Identifiant"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}),
        help_text=_("Il figure sur la fiche remise par votre organisation, par exemple jean.martin-k7m4."),
    )
    code = forms.CharField(
        label=_("Code personnel"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
        help_text=_("8 caractères, avec ou sans tiret."),
    )

    error_messages = {
        "invalid": _(
            "Identifiant ou code incorrect, ou code déjà utilisé ou expiré. "
            "Demandez un nouveau code à la personne qui gère votre organisation."
        ),
        "throttled": SignInForm.error_messages["throttled"],
    }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self):
        cleaned = super().clean()
        login_id, code = cleaned.get("login_id", ""), cleaned.get("code", "")
        if not login_id or not code:
            return cleaned
        attempt = throttling.Attempt.of(self.request, login_id, by_code=True)
        if attempt.blocked():
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        self.user = access_code_consume(login_id=login_id, code=code)
        if self.user is None:
            attempt.failed()
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        attempt.succeeded()
        return cleaned


class MagicLinkRequestForm(forms.Form):
    email = EmailAddressField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class EmailChangeForm(forms.Form):
    email = EmailAddressField(
        label=_("Nouvelle adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("Nous y envoyons un lien : l'adresse sera enregistrée quand vous l'aurez ouvert."),
    )

    error_messages = {"same": _("C'est déjà l'adresse de votre compte.")}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if self.user.email and self.user.email.lower() == email.lower():
            raise forms.ValidationError(self.error_messages["same"], code="same")
        # Whether another account has it is not said here: its owner is told by e-mail instead.
        return email


class ProfileForm(forms.ModelForm):
    first_name = NameField(label=_("Prénom"), max_length=150)
    last_name = NameField(label=_("Nom"), max_length=150)
    audiences = AudienceChoiceField(
        label=_("Vous êtes"),
        help_text=_("Nous vous proposons les formations qui correspondent à vos publics."),
    )
    preferred_language = forms.ChoiceField(label=_("Langue"), choices=Language.choices)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["audiences"] = list(self.instance.audiences.values_list("code", flat=True))

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            user.audiences.set(self.cleaned_data["audiences"])
        return user


class PasswordResetByOutboxForm(PasswordResetForm):
    """Django's reset form, sending through the outbox (never SMTP inside the request), and open
    to people who signed up without a password: a reset is how they choose one."""

    email = EmailAddressField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)

    def save(self, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_request(user=user)
