"""Shared experiences ("retours d'expérience"): a short structured account of a local action,
written by the managers of a commune, a relay or an association of elected officials, shown to
everyone once a moderator approved it (the same Modérateurs group as scenario feedback). The
text fields are plain text, stored as typed and escaped on output (DESIGN.md §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetBand(models.TextChoices):
    """Bands rather than amounts: comparable between towns, and no invoice to dig out."""

    NONE = "none", _("sans budget")
    UNDER_1K = "under_1k", _("moins de 1 000 €")
    FROM_1K_TO_5K = "1k_5k", _("de 1 000 à 5 000 €")
    FROM_5K_TO_20K = "5k_20k", _("de 5 000 à 20 000 €")
    FROM_20K_TO_50K = "20k_50k", _("de 20 000 à 50 000 €")
    OVER_50K = "over_50k", _("plus de 50 000 €")


class ExperienceStatus(models.TextChoices):
    """Only APPROVED is public. Any change by its authors takes an experience back to DRAFT: what
    is shown is always what a moderator read."""

    DRAFT = "draft", _("brouillon")
    PENDING = "pending", _("en attente de relecture")
    APPROVED = "approved", _("publié")
    REJECTED = "rejected", _("refusé")


class SharedExperienceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ExperienceStatus.APPROVED, organisation__is_active=True)


class SharedExperience(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="shared_experiences",
        help_text=_("L'organisation qui raconte son action ; ses gestionnaires seuls la modifient."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_experiences",
    )
    title = models.CharField(_("titre"), max_length=150)
    context = models.TextField(
        _("contexte"), max_length=2000, help_text=_("La situation de départ : le besoin, le public, le lieu.")
    )
    actions = models.TextField(_("ce qui a été fait"), max_length=3000)
    budget_band = models.CharField(_("budget"), max_length=16, choices=BudgetBand.choices)
    partners = models.TextField(
        _("partenaires"), max_length=1000, blank=True, help_text=_("Associations, services, écoles, financeurs…")
    )
    results = models.TextField(_("résultats"), max_length=2000)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("Une adresse ou un service à joindre pour en savoir plus ; il est publié."),
    )
    themes = models.ManyToManyField(
        "courses.Theme", verbose_name=_("thèmes"), blank=True, related_name="shared_experiences"
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="shared_experiences",
        help_text=_("Où l'action a eu lieu : la commune, l'intercommunalité ou le département."),
    )
    status = models.CharField(
        _("état"), max_length=16, choices=ExperienceStatus.choices, default=ExperienceStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyé en relecture le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relu par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("relu le"), null=True, blank=True)
    moderation_note = models.TextField(
        _("mot de la modération"),
        max_length=1000,
        blank=True,
        help_text=_("Envoyé aux auteurs avec un refus : ce qu'il faut reprendre."),
    )

    objects = SharedExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour d'expérience territorial")
        verbose_name_plural = _("retours d'expérience territoriaux")
        ordering = ["-moderated_at", "-pk"]
        indexes = [models.Index(fields=["status", "territory"], name="relays_experience_listing")]

    def __str__(self) -> str:
        return self.title


class ExperienceFeature(models.Model):
    """An association of elected officials puts forward an experience of one of its members (a
    commune within its territory: see relays.experiences_access.association_scope)."""

    association = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association d'élus"),
        on_delete=models.CASCADE,
        related_name="featured_experiences",
    )
    experience = models.ForeignKey(
        SharedExperience, verbose_name=_("retour d'expérience"), on_delete=models.CASCADE, related_name="features"
    )
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mis en avant par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    featured_at = models.DateTimeField(_("mis en avant le"), auto_now_add=True)

    class Meta:
        verbose_name = _("retour d'expérience mis en avant")
        verbose_name_plural = _("retours d'expérience mis en avant")
        ordering = ["-featured_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["association", "experience"], name="relays_one_feature_per_association")
        ]

    def __str__(self) -> str:
        return f"{self.association} · {self.experience}"
