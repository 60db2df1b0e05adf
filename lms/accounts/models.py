"""The platform's user: signs in with an e-mail or, for agents who have none, a login id."""

import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lms.accounts.names import clean_name
from lms.audiences import AudienceCode  # noqa: F401  (re-exported: where audiences were defined before)

LOGIN_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed by hand


class AudienceQuerySet(models.QuerySet):
    def ensure_all(self) -> None:
        """Create any missing audience row; the four rows are reference data, not content."""
        existing = set(self.values_list("code", flat=True))
        self.bulk_create(
            [Audience(code=code) for code in AudienceCode.values if code not in existing],
            ignore_conflicts=True,
        )


class Audience(models.Model):
    """A learner category. Its code is the primary key, so filtering by audience needs no join."""

    code = models.CharField(_("code"), max_length=16, primary_key=True, choices=AudienceCode.choices)

    objects = AudienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("public")
        verbose_name_plural = _("publics")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return AudienceCode(self.code).label


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


def normalise_email(email: str | None) -> str | None:
    """Trim and lower-case the domain; an empty address is stored as NULL (no e-mail)."""
    if email is None:
        return None
    email = email.strip()
    if not email:
        return None
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if local else email


def generate_login_id(first_name: str = "", last_name: str = "") -> str:
    """A login id a person can type: `marie.dupont-7k3f`, or `agent-7k3f9x` without a name."""
    base = slugify(f"{first_name} {last_name}").replace("-", ".")[:30].strip(".")
    suffix = "".join(secrets.choice(LOGIN_ID_ALPHABET) for _ in range(4 if base else 6))
    return f"{base or 'agent'}-{suffix}"


class PasserelleUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        # Django's manager takes a username first; ours has none, so the signature follows
        # the parent's private method with the e-mail in its place.
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(login_id__iexact=username)


class User(AbstractUser):
    username = None
    email = models.EmailField(
        _("adresse e-mail"),
        blank=True,
        null=True,
        help_text=_("Facultative : certains agents n'ont pas d'adresse e-mail."),
    )
    login_id = models.CharField(
        _("identifiant de connexion"),
        max_length=40,
        unique=True,
        blank=True,
        help_text=_("Généré automatiquement si vide ; permet de se connecter sans adresse e-mail."),
    )
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    audiences = models.ManyToManyField(
        Audience,
        verbose_name=_("publics"),
        blank=True,
        related_name="users",
        help_text=_("Les publics auxquels la personne appartient : enseignant, parent, élu, agent."),
    )
    preferred_language = models.CharField(
        _("langue préférée"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    email_confirmed_at = models.DateTimeField(
        _("adresse e-mail confirmée le"),
        null=True,
        blank=True,
        help_text=_("Vide tant que la personne n'a pas ouvert le lien de confirmation."),
    )
    erased_at = models.DateTimeField(
        _("personne supprimée le"),
        null=True,
        blank=True,
        help_text=_(
            "Rempli sur le compte de remplacement créé à l'effacement d'une personne : il garde ses "
            "inscriptions et présences, sans nom, adresse ni mot de passe."
        ),
    )

    USERNAME_FIELD = "login_id"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    objects = PasserelleUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Un compte existe déjà avec cette adresse e-mail."),
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("personne supprimée"))
        return self.get_full_name() or self.email or self.login_id

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)
        self.clean_names()

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        self.clean_names()
        if not self.login_id:
            self.login_id = self._unused_login_id()
        super().save(*args, **kwargs)

    def clean_names(self) -> None:
        """Every way in (forms, both admins, services) saves names without bidi or control
        characters, which would show them reversed on certificates (lms.accounts.names)."""
        self.first_name = clean_name(self.first_name)
        self.last_name = clean_name(self.last_name)

    def _unused_login_id(self) -> str:
        for _attempt in range(20):
            candidate = generate_login_id(self.first_name, self.last_name)
            if not type(self).objects.filter(login_id__iexact=candidate).exists():
                return candidate
        raise RuntimeError("Could not find a free login id after 20 attempts.")


class MagicLinkPurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("connexion")
    CONFIRM = "confirm", _("confirmation de l'adresse")
    EMAIL_CHANGE = "email_change", _("nouvelle adresse")


class MagicLink(models.Model):
    """A single-use sign-in link. Only a hash of its token is stored; the e-mail builder derives
    the token again from the nonce and the secret key, so the database never holds a usable link."""

    user = models.ForeignKey(User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="magic_links")
    purpose = models.CharField(_("usage"), max_length=16, choices=MagicLinkPurpose.choices)
    nonce = models.CharField(_("aléa"), max_length=64, unique=True)
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    next_url = models.CharField(_("page de destination"), max_length=512, blank=True)
    email = models.EmailField(
        _("nouvelle adresse"), blank=True, help_text=_("Pour un changement d'adresse : l'adresse à confirmer.")
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de connexion")
        verbose_name_plural = _("liens de connexion")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.user}"


class DeletionRequestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    DONE = "done", _("traitée")
    CANCELLED = "cancelled", _("annulée")


class AccountDeletionRequest(models.Model):
    """A person asked for their account to be deleted; the privacy work carries it out."""

    user = models.ForeignKey(
        User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="deletion_requests"
    )
    status = models.CharField(
        _("état"), max_length=16, choices=DeletionRequestStatus.choices, default=DeletionRequestStatus.PENDING
    )
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    processed_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de suppression de compte")
        verbose_name_plural = _("demandes de suppression de compte")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_deletion_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"


class AccessCode(models.Model):
    """A personal code printed for someone without e-mail: it signs them in once, then they choose
    a password. Only an HMAC of the code is stored; a lost sheet means issuing a new code."""

    user = models.ForeignKey(User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="access_codes")
    code_hash = models.CharField(_("empreinte du code"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("créé par"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("code d'accès personnel")
        verbose_name_plural = _("codes d'accès personnels")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
