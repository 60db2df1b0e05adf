"""Questionnaires (versioned), campaigns and the organisations' responses (DESIGN.md §2)."""

import uuid

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
    LEARNERS = "learners", _("apprenants d'une formation")


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


# --- Learners' opinion of a course (issue 31): chosen per course by the trainer, answered
# anonymously. The answers (CourseSheet, CourseAnswer) have no link to the learner, no organisation
# and no time finer than the ISO week; a separate marker (CourseAnswerMarker) says only that this
# learner has answered this survey of this course, so that nobody answers twice.


class CourseSurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("satisfaction")
    BEFORE = "before", _("auto-évaluation avant")
    AFTER = "after", _("auto-évaluation après")


LEARNER_QUESTIONNAIRES = models.Q(audience="learners")


class CourseSurvey(models.Model):
    """The questionnaires a course offers its learners. Stored here by course: neither the course
    page nor the course knows about surveys (DESIGN.md §2)."""

    course = models.OneToOneField(
        "courses.Course", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="+"
    )
    satisfaction = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire de satisfaction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=LEARNER_QUESTIONNAIRES,
        help_text=_("Proposé une fois la formation terminée ; jamais exigé pour l'attestation."),
    )
    self_assessment = models.ForeignKey(
        Questionnaire,
        verbose_name=_("auto-évaluation avant et après"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=LEARNER_QUESTIONNAIRES,
        help_text=_(
            "Les mêmes phrases « je sais… », notées de 1 à 5, proposées avant le premier module puis après la "
            "formation."
        ),
    )

    class Meta:
        verbose_name = _("avis sur une formation")
        verbose_name_plural = _("avis sur les formations")

    def __str__(self) -> str:
        return str(self.course)

    def questionnaire_for(self, kind: str) -> Questionnaire | None:
        return self.satisfaction if kind == CourseSurveyKind.SATISFACTION else self.self_assessment


class CourseAnswerMarker(models.Model):
    """That this learner has answered this survey of this course: it holds no answer, and no
    answer row points back at it. Written in the same transaction as the answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("apprenant"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("questionnaire"), max_length=16, choices=CourseSurveyKind.choices)

    class Meta:
        verbose_name = _("participation à un avis")
        verbose_name_plural = _("participations aux avis")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "kind"], name="surveys_marker_once_per_course_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} — {self.kind}"


class CourseSheet(models.Model):
    """One learner's answers to one survey of a course, with nothing that says whose. The key is
    random so that the order of insertion, which the markers' ids keep, cannot pair the two."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="+"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="course_sheets"
    )
    kind = models.CharField(_("questionnaire"), max_length=16, choices=CourseSurveyKind.choices)
    week = models.CharField(
        _("semaine"), max_length=8, help_text=_("Semaine ISO de la réponse, par exemple « 2026-W49 »: jamais le jour.")
    )

    class Meta:
        verbose_name = _("réponses anonymes à un avis")
        verbose_name_plural = _("réponses anonymes aux avis")
        indexes = [models.Index(fields=["course", "kind"], name="surveys_sheet_course_kind")]

    def __str__(self) -> str:
        return f"{self.course_id} — {self.kind} — {self.week}"


class CourseAnswer(models.Model):
    """One answer of a sheet (one row per chosen option), as surveys.Answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sheet = models.ForeignKey(CourseSheet, verbose_name=_("réponses"), on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(_("clé de la question"), max_length=60)
    choice = models.CharField(_("choix"), max_length=60, blank=True)
    number = models.DecimalField(_("nombre"), max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("texte"), blank=True)

    class Meta:
        verbose_name = _("réponse anonyme à une question")
        verbose_name_plural = _("réponses anonymes aux questions")

    def __str__(self) -> str:
        return self.key
