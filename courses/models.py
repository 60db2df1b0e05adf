"""Tracking identity and rules of courses and modules.

The CMS writes these rows when a page is published (cms/publication.py); nothing here reads a
StreamField. Rows outlive their pages: unpublishing or deleting content keeps them, and with them
the learners' progress."""

from datetime import date, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Competence(models.Model):
    """One competence of the CRCN, the French reference framework for digital skills (cadre de
    référence des compétences numériques, décret n° 2019-919 du 30 août 2019): 16 competences in
    5 domains. The rows come from a data migration; nobody edits them."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("Par exemple : 1.1."))
    title = models.CharField(_("intitulé"), max_length=200)
    domain_code = models.CharField(_("domaine"), max_length=4)
    domain_title = models.CharField(_("intitulé du domaine"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("compétence du CRCN")
        verbose_name_plural = _("compétences du CRCN")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Theme(models.Model):
    """A theme of the catalogue: "Protéger ses données", "Écrans et familles"… Edited as a
    Wagtail snippet (cms/wagtail_hooks.py). It lives here rather than in cms so that the apps
    above courses can filter by theme without importing the CMS."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True, max_length=400)
    competences = models.ManyToManyField(
        Competence,
        verbose_name=_("compétences du CRCN"),
        blank=True,
        related_name="themes",
        help_text=_("Les compétences du cadre de référence des compétences numériques que ce thème travaille."),
    )

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_theme(self, theme: Theme | str):
        """The courses that carry this theme (a Theme, or its slug as in the catalogue's
        address), as their content page had it when last published; chain `.published()` for
        the catalogue's."""
        if isinstance(theme, str):
            return self.filter(themes__slug=theme)
        return self.filter(themes=theme)


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
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), blank=True, related_name="courses")
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
    max_quiz_attempts = models.PositiveSmallIntegerField(
        _("tentatives par quiz"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    # Checked by the providers registered in courses.completion_requirements (facetoface counts
    # the hours attended); `courses` only knows that the rule exists.
    min_attended_hours = models.DecimalField(
        _("heures de présence minimales"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Vide : aucune présence exigée."),
    )
    content_version = models.PositiveIntegerField(
        _("version du programme"), default=1, help_text=_("Augmente quand un module est ajouté ou retiré.")
    )
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


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("en cours")
    COMPLETED = "completed", _("terminée")
    WITHDRAWN = "withdrawn", _("abandonnée")


class ProgressState(models.TextChoices):
    """What a manager reads about one enrolment, named once for every page and export that shows
    it (Inscriptions, Suivi, the CSV export): an active enrolment with no module done yet is "not
    started", not "in progress". Derived from the status and the current cycle's completions by
    EnrolmentQuerySet.annotate_progress_state(); never stored."""

    NOT_STARTED = "not_started", _("Pas commencée")
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Terminée")
    WITHDRAWN = "withdrawn", _("Abandonnée")


class EnrolmentQuerySet(models.QuerySet):
    """The enrolment states named once. Each rule is also offered as a condition, for the
    counts that filter inside an aggregate (the manager's Suivi tab)."""

    @staticmethod
    def active_condition() -> models.Q:
        return models.Q(status=EnrolmentStatus.ACTIVE)

    @staticmethod
    def overdue_condition(today: date) -> models.Q:
        """Still active past its due date: a completed or withdrawn enrolment is never late."""
        return EnrolmentQuerySet.active_condition() & models.Q(due_on__lt=today)

    def active(self):
        return self.filter(self.active_condition())

    def current(self):
        """Active or completed: every enrolment the learner has not withdrawn from."""
        return self.exclude(status=EnrolmentStatus.WITHDRAWN)

    def overdue(self, today: date):
        return self.filter(self.overdue_condition(today))

    def completed_since(self, moment: datetime):
        return self.filter(status=EnrolmentStatus.COMPLETED, completed_at__gte=moment)

    @staticmethod
    def started_condition() -> models.Exists:
        """At least one module done in the current cycle."""
        return models.Exists(
            ModuleCompletion.objects.filter(enrolment=models.OuterRef("pk"), cycle=models.OuterRef("cycle"))
        )

    def annotate_progress_state(self):
        """`progress_state` (a ProgressState value) on each row: the one rule both manager tabs use."""
        return self.annotate(has_started=self.started_condition()).annotate(
            progress_state=models.Case(
                models.When(status=EnrolmentStatus.COMPLETED, then=models.Value(ProgressState.COMPLETED)),
                models.When(status=EnrolmentStatus.WITHDRAWN, then=models.Value(ProgressState.WITHDRAWN)),
                models.When(has_started=True, then=models.Value(ProgressState.IN_PROGRESS)),
                default=models.Value(ProgressState.NOT_STARTED),
                output_field=models.CharField(),
            )
        )

    def annotate_overdue(self, today: date):
        """`is_overdue` on each row, for the pages that mark late enrolments."""
        return self.annotate(
            is_overdue=models.ExpressionWrapper(self.overdue_condition(today), output_field=models.BooleanField())
        )


class Enrolment(models.Model):
    """One person in one course. `cycle` goes up when an expired certificate is renewed; progress
    is kept per cycle."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, verbose_name=_("formation"), on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("état"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrite par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide quand la personne s'est inscrite elle-même."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        help_text=_("L'organisation qui suit cette inscription, s'il y en a une."),
    )
    due_on = models.DateField(_("à terminer avant le"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("inscrite le"), default=timezone.now)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("abandonnée le"), null=True, blank=True)
    course_version = models.PositiveIntegerField(
        _("version du contenu"), default=1, help_text=_("La version du programme de la formation à l'inscription.")
    )
    seen_version = models.PositiveIntegerField(_("dernière version vue"), default=1)
    last_module = models.ForeignKey(
        Module,
        verbose_name=_("dernier module ouvert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("dernière activité"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_one_enrolment_per_user_and_course"),
            models.CheckConstraint(condition=models.Q(cycle__gte=1), name="courses_enrolment_cycle_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"

    @property
    def has_new_content(self) -> bool:
        return self.course.content_version > self.seen_version

    def get_progress_state_display(self) -> str:
        """The ProgressState label, for rows annotated by annotate_progress_state()."""
        state = ProgressState(self.progress_state)  # type: ignore[attr-defined]  # annotated by the queryset
        return str(state.label)


class ModuleCompletion(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="completions"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(_("terminé le"), default=timezone.now)

    class Meta:
        verbose_name = _("module terminé")
        verbose_name_plural = _("modules terminés")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "cycle", "module"], name="courses_one_completion_per_cycle_and_module"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.module}"


class QuizAttempt(models.Model):
    """One submission of one quiz. Scored on the server from the module's answer key."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="quiz_attempts")
    quiz_id = models.CharField(_("quiz"), max_length=64)
    answers = models.JSONField(
        _("réponses"), default=dict, blank=True, help_text=_("Pour chaque question, les choix cochés.")
    )
    results = models.JSONField(
        _("résultats"), default=dict, blank=True, help_text=_("Pour chaque question, juste ou non.")
    )
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("réussi"))
    submitted_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("tentative de quiz")
        verbose_name_plural = _("tentatives de quiz")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["enrolment", "cycle", "module"], name="courses_attempt_progress")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.module} · {self.score} %"


class ImportStatus(models.TextChoices):
    ANALYSING = "analysing", _("Vérification en cours")
    READY = "ready", _("Prêt à confirmer")
    APPLYING = "applying", _("Import en cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")


class MemberImport(models.Model):
    """A CSV of people uploaded by a manager: checked first (the preview writes nothing), then
    written all-or-nothing on confirmation. The file itself is erased once the import is
    written or cancelled; the plan and the report stay, for the history."""

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("tentatives d'écriture"), default=0)
    language = models.CharField(
        _("langue"), max_length=8, default="fr", help_text=_("La langue du compte rendu : celle du dépôt.")
    )
    filename = models.CharField(_("fichier"), max_length=255)
    data = models.BinaryField(_("contenu du fichier"), default=b"")
    course = models.ForeignKey(
        Course, verbose_name=_("formation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("à terminer avant le"), null=True, blank=True)
    code_accounts = models.BooleanField(_("comptes avec code pour les personnes sans e-mail"), default=False)
    status = models.CharField(_("état"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.ANALYSING)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    processed_rows = models.PositiveIntegerField(_("lignes traitées"), default=0)
    plan = models.JSONField(_("aperçu"), default=dict, blank=True)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("import de personnes")
        verbose_name_plural = _("imports de personnes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} · {self.organisation}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.ANALYSING, ImportStatus.APPLYING)

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class InvitationEnrolment(models.Model):
    """The course a manager asked for when inviting someone: applied when they accept, so that
    nobody is enrolled in an organisation's training before saying yes to the organisation."""

    invitation = models.OneToOneField(
        "organisations.Invitation", verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(Course, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("à terminer avant le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à l'acceptation")
        verbose_name_plural = _("inscriptions à l'acceptation")

    def __str__(self) -> str:
        return f"{self.invitation} → {self.course}"


CALENDAR_FEED_SALT = "courses.calendar_feed"


class CalendarFeed(models.Model):
    """A person's private .ics feed of due dates and session dates. Its address carries a token
    signed with the site's key over (person, version): nothing secret is stored, and renewing
    the address bumps the version, so that the old one stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    version = models.PositiveIntegerField(
        _("version de l'adresse"), default=1, help_text=_("Augmente à chaque renouvellement de l'adresse.")
    )
    renewed_at = models.DateTimeField(_("renouvelée le"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda privé")
        verbose_name_plural = _("agendas privés")

    def __str__(self) -> str:
        return str(self.user)
