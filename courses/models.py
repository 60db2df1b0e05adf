"""Tracking identity and rules of courses and modules.

The CMS writes these rows when a page is published (cms/publication.py); nothing here reads a
StreamField. Rows outlive their pages: unpublishing or deleting content keeps them, and with them
the learners' progress."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    source_page_id = models.PositiveIntegerField(
        _("page de contenu"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifiant de la page du CMS qui décrit cette formation."),
    )
    title = models.CharField(_("titre"), max_length=255)
    url = models.CharField(_("adresse"), max_length=512, blank=True, help_text=_("Chemin de la page publique."))
    audiences = models.ManyToManyField(
        "accounts.Audience", verbose_name=_("publics"), blank=True, related_name="courses"
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide pour une formation nationale ; sinon la région ou le département concerné."),
    )
    is_sequential = models.BooleanField(
        _("modules dans l'ordre"), default=False, help_text=_("Chaque module s'ouvre quand le précédent est terminé.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("note de réussite aux quiz (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("validité de l'attestation (mois)"), null=True, blank=True, help_text=_("Vide : sans limite de durée.")
    )
    estimated_minutes = models.PositiveIntegerField(_("durée estimée (minutes)"), default=0)
    is_published = models.BooleanField(_("publiée"), default=False)
    first_published_at = models.DateTimeField(_("première publication"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("dernière publication"), null=True, blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("formation (suivi)")
        verbose_name_plural = _("formations (suivi)")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class ModuleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Module(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="modules")
    source_page_id = models.PositiveIntegerField(
        _("page de contenu"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifiant de la page du CMS qui décrit ce module."),
    )
    title = models.CharField(_("titre"), max_length=255)
    url = models.CharField(_("adresse"), max_length=512, blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    is_required = models.BooleanField(_("obligatoire"), default=True)
    estimated_minutes = models.PositiveIntegerField(_("durée estimée (minutes)"), default=0)
    quiz_key = models.JSONField(
        _("corrigé des quiz"),
        default=dict,
        blank=True,
        help_text=_(
            "Les bonnes réponses de chaque quiz du module, copiées à la publication. Jamais envoyées au navigateur."
        ),
    )
    is_published = models.BooleanField(_("publié"), default=False)
    last_published_at = models.DateTimeField(_("dernière publication"), null=True, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("module (suivi)")
        verbose_name_plural = _("modules (suivi)")
        ordering = ["course", "position", "id"]
        indexes = [models.Index(fields=["course", "position"], name="courses_module_course_position")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_quiz(self) -> bool:
        return bool(self.quiz_key)
