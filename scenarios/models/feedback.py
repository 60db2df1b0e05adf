""" "Je l'ai testé": what someone who ran a scenario says about it. One per person and scenario
(a database constraint, so two concurrent posts make one row), shown once a moderator approved it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.choices import FeedbackStatus, LevelCode, PublicCode

TARGET_CHOICES = [*LevelCode.choices, *PublicCode.choices]


class ScenarioFeedback(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="scenario_feedback",
    )
    scenario = models.ForeignKey(
        "scenarios.ScenarioPage", verbose_name=_("scénario"), on_delete=models.CASCADE, related_name="feedback"
    )
    tested_on = models.DateField(_("testé le"))
    target = models.CharField(_("niveau ou public"), max_length=24, choices=TARGET_CHOICES)
    group_size = models.PositiveSmallIntegerField(
        _("taille du groupe"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Le nombre d'élèves ou de participants."),
    )
    how_it_went = models.TextField(_("comment ça s'est passé"), max_length=3000)
    changes = models.TextField(_("ce que vous avez changé"), max_length=3000, blank=True)
    usefulness = models.PositiveSmallIntegerField(
        _("utilité"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("De 1 (peu utile) à 5 (très utile)."),
    )
    status = models.CharField(
        _("état"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relu par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("relu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("retour d'expérience")
        verbose_name_plural = _("retours d'expérience")
        ordering = ["-tested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "scenario"], name="scenarios_one_feedback_per_user"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5), name="scenarios_feedback_usefulness_1_5"
            ),
        ]
        indexes = [models.Index(fields=["scenario", "status"], name="scenarios_feedback_listing")]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.user}"
