"""Questionnaires (versioned), campaigns and the organisations' responses (DESIGN.md §2)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.fields import StreamField

from lms.organisations.models import Organisation
from surveys.blocks import QuestionnaireBody
from surveys.questions import Section, sections_from_stream, structure_errors


class Audience(models.TextChoices):
    SCHOOLS = "schools", _("écoles et établissements")
    COMMUNES = "communes", _("communes")


class Questionnaire(models.Model):
    """One version of a questionnaire. Versions of the same questionnaire share a `family`; a
    version used by a campaign is frozen (`frozen_at`), and editing it in the admin saves a new
    version instead (surveys.services.questionnaires)."""

    family = models.SlugField(
        _("famille"),
        max_length=80,
        allow_unicode=False,
        help_text=_("Identique pour toutes les versions d'un même questionnaire, par exemple « usages-ecole »."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    audience = models.CharField(_("destinataires"), max_length=16, choices=Audience.choices)
    body = StreamField(QuestionnaireBody(), verbose_name=_("parties et questions"))
    frozen_at = models.DateTimeField(
        _("figée le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Une version utilisée par une campagne ne change plus ; la modifier crée une nouvelle version."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="surveys_questionnaire_family_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @cached_property
    def sections(self) -> list[Section]:
        return sections_from_stream(self.body)

    def clean(self) -> None:
        super().clean()
        errors = structure_errors(sections_from_stream(self.body))
        if errors:
            raise ValidationError({"body": errors})


class CampaignQuerySet(models.QuerySet):
    def open_on(self, day) -> "CampaignQuerySet":
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def closed_on(self, day) -> "CampaignQuerySet":
        return self.filter(closes_on__lt=day)


class Campaign(models.Model):
    """A questionnaire version sent to target organisations between two dates by an agency."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="campaigns"
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("agence"),
        on_delete=models.PROTECT,
        related_name="survey_campaigns",
        help_text=_("L'agence qui mène la campagne : ses membres la suivent."),
    )
    title = models.CharField(_("titre"), max_length=200)
    message = models.TextField(_("message aux organisations"), blank=True, max_length=2000)
    targets_label = models.CharField(_("organisations visées"), max_length=200, blank=True)
    opens_on = models.DateField(_("ouverture le"))
    closes_on = models.DateField(_("clôture le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouverte par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne d'enquête")
        verbose_name_plural = _("campagnes d'enquête")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="surveys_campaign_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class CampaignTarget(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="survey_targets"
    )

    class Meta:
        verbose_name = _("organisation visée")
        verbose_name_plural = _("organisations visées")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="surveys_target_once_per_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} — {self.campaign_id}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("en cours")
    SUBMITTED = "submitted", _("envoyée")


class Response(models.Model):
    """The one response of an organisation to a campaign, filled in by any of its managers."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    status = models.CharField(_("état"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    sections_done = models.PositiveIntegerField(_("parties enregistrées"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dernière modification par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("rouverte le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse à une enquête")
        verbose_name_plural = _("réponses aux enquêtes")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="surveys_one_response_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """One answer, or one chosen option of a multiple choice: rows rather than JSON, so that the
    aggregates per territory are GROUP BY queries on any database."""

    response = models.ForeignKey(Response, verbose_name=_("réponse"), on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(_("clé de la question"), max_length=60)
    choice = models.CharField(_("choix"), max_length=60, blank=True)
    number = models.DecimalField(_("nombre"), max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("texte"), blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "key", "choice"], name="surveys_answer_once_per_choice"),
        ]
        indexes = [models.Index(fields=["key", "choice"], name="surveys_answer_key_choice")]

    def __str__(self) -> str:
        return self.key
