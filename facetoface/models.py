"""The trainer pool, in-person sessions, their slots and the registrations.

Slots are stored in UTC and shown in Europe/Paris (DESIGN.md §2). A session and a registration
each carry a sequence number that only goes up: the calendar file's SEQUENCE is their sum, so
that every change, of the session or of one person's registration, reaches calendars as newer.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Module, Theme
from lms.accounts.models import Audience
from lms.organisations.models import Organisation, Territory


class TrainerProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class TrainerProfile(models.Model):
    """A trainer, facilitator or technician of the agencies' pool."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="trainer_profile",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), blank=True, related_name="trainers")
    audiences = models.ManyToManyField(Audience, verbose_name=_("publics formés"), blank=True, related_name="trainers")
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territoires couverts"),
        blank=True,
        related_name="trainers",
        help_text=_("Des départements ou des communes. Un département couvre toutes ses communes."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainers",
        help_text=_("L'agence, l'EPN, l'association ou l'établissement du formateur."),
    )
    availability = models.TextField(
        _("disponibilités"), blank=True, max_length=1000, help_text=_("Par exemple : les mardis et jeudis matin.")
    )
    bio = models.TextField(_("présentation"), blank=True, max_length=1000)
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Un formateur désactivé garde ses sessions passées.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = TrainerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de formateur")
        verbose_name_plural = _("profils de formateurs")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self) -> str:
        return self.user.get_full_name() or str(self.user)


class TrainingSessionQuerySet(models.QuerySet):
    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, now: datetime | None = None):
        """Sessions not cancelled whose last slot has not ended."""
        now = now or timezone.now()
        return self.not_cancelled().filter(slots__end__gt=now, slots__cancelled_at__isnull=True).distinct()


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("formation"), on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("intitulé"), max_length=200, blank=True, help_text=_("Vide : le titre de la formation."))
    place_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lieu (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        help_text=_("Un EPN, une école, une mairie…"),
    )
    address = models.TextField(_("adresse"), blank=True, max_length=500)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organisateur"),
        on_delete=models.PROTECT,
        related_name="organised_sessions",
    )
    trainers = models.ManyToManyField(TrainerProfile, verbose_name=_("formateurs"), related_name="sessions", blank=True)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    registration_deadline = models.DateTimeField(
        _("date limite d'inscription"),
        help_text=_("Après cette date, on ne s'inscrit plus et on ne se désinscrit plus en ligne."),
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        help_text=_("La commune où la session a lieu, pour la liste des sessions."),
    )
    required_module = models.ForeignKey(
        Module,
        verbose_name=_("module à terminer avant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requires_manager_approval = models.BooleanField(
        _("accord du gestionnaire"),
        default=False,
        help_text=_("Chaque inscription attend l'accord d'un gestionnaire de l'organisateur ou de la personne."),
    )
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True, max_length=1000)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("close par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised on closing and on every correction after it: the sheet task renders a new version
    # of the attendance sheet while the latest stored one is older than this.
    sheet_revision = models.PositiveIntegerField(_("révision de la feuille"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session en présentiel")
        verbose_name_plural = _("sessions en présentiel")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.course.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self) -> None:
        super().clean()
        if not (self.place_organisation_id or self.address.strip() or self.video_url):
            raise ValidationError(_("Indiquez un lieu : une organisation, une adresse ou un lien de visioconférence."))


class SlotQuerySet(models.QuerySet):
    def not_cancelled(self):
        """The slots the session has now. A slot removed from a session stays as a cancelled row
        only so that the calendar files can tell calendars to drop its event (same UID,
        STATUS:CANCELLED): every other reader wants these."""
        return self.filter(cancelled_at__isnull=True)


def first_slot_start(path: str = "slots") -> Min:
    """The session's first start among its slots not cancelled, as an aggregate over `path`."""
    return Min(f"{path}__start", filter=Q(**{f"{path}__cancelled_at__isnull": True}))


class Slot(models.Model):
    """A half-day or a day of a session: start and end in UTC, within one Paris day."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    cancelled_at = models.DateTimeField(
        _("annulé le"),
        null=True,
        blank=True,
        help_text=_("Un créneau retiré de la session reste ici pour annuler son événement dans les agendas."),
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="facetoface_slot_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.start):%d/%m/%Y %H:%M}–{timezone.localtime(self.end):%H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def validate_slots(slots: list[tuple[datetime, datetime]]) -> list[str]:
    """French messages for a session's slots: each ends after it starts, within one day in
    Europe/Paris, and no two overlap. Empty when all is well."""
    errors: list[str] = []
    for start, end in slots:
        if end <= start:
            errors.append(str(_("Un créneau doit finir après son début.")))
        elif timezone.localtime(start).date() != timezone.localtime(end).date():
            errors.append(str(_("Un créneau commence et finit le même jour.")))
    ordered = sorted(slots)
    for (_start, previous_end), (next_start, _end) in zip(ordered, ordered[1:], strict=False):
        if next_start < previous_end:
            errors.append(str(_("Deux créneaux de la session se chevauchent.")))
            break
    return errors


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmée")
    WAITLISTED = "waitlisted", _("en liste d'attente")
    PENDING_APPROVAL = "pending_approval", _("en attente d'accord")
    OFFERED = "offered", _("place proposée, à confirmer")
    CANCELLED = "cancelled", _("annulée")
    REFUSED = "refused", _("refusée")


# The statuses that hold a seat: counted against the capacity.
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.OFFERED)
ACTIVE_STATUSES = (*SEAT_STATUSES, RegistrationStatus.WAITLISTED)


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=SEAT_STATUSES)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Registration(models.Model):
    """One person's place at a session. One row per (session, person): registering again after
    cancelling reopens it, so its calendar UIDs stay the same."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(_("statut"), max_length=20, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(
        _("rang en liste d'attente"), null=True, blank=True, help_text=_("Plus petit : promu en premier.")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrit par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offer_expires_at = models.DateTimeField(_("place à confirmer avant"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à une session")
        verbose_name_plural = _("inscriptions à des sessions")
        ordering = ["session", "position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="facetoface_registration_one_per_person")
        ]
        indexes = [models.Index(fields=["session", "status"], name="facetoface_reg_session_status")]

    def __str__(self) -> str:
        return f"{self.user} · {self.session_id} · {self.status}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES

    @property
    def calendar_sequence(self) -> int:
        return self.session.sequence + self.sequence


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("présent")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("excusé")


class AttendanceMethod(models.TextChoices):
    TRAINER = "trainer", _("attesté par le formateur")
    SELF = "self", _("signé par la personne")


class Attendance(models.Model):
    """One person's presence at one slot: one row per (registration, slot), whoever taps."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="attendances"
    )
    slot = models.ForeignKey(Slot, verbose_name=_("créneau"), on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=AttendanceStatus.choices)
    method = models.CharField(_("mode"), max_length=10, choices=AttendanceMethod.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("noté le"))

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["slot", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="facetoface_attendance_one_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} · {self.slot_id} · {self.status}"


class AttendanceCorrection(models.Model):
    """The audit trail: every change of a mark already set, by whom, when, and why."""

    attendance = models.ForeignKey(
        Attendance, verbose_name=_("présence"), on_delete=models.CASCADE, related_name="corrections"
    )
    old_status = models.CharField(_("avant"), max_length=10, choices=AttendanceStatus.choices)
    new_status = models.CharField(_("après"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.TextField(_("motif"), blank=True, max_length=1000)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrigé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrigé le"))

    class Meta:
        verbose_name = _("correction de présence")
        verbose_name_plural = _("corrections de présence")
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attendance_id} · {self.old_status} → {self.new_status}"


def private_storage():
    """The attendance sheets are personal data: never served as media, only through the view."""
    from django.core.files.storage import storages

    return storages["private"]


class AttendanceSheet(models.Model):
    """A frozen version of a closed session's feuille d'émargement. A correction after closing
    adds a version; the earlier ones are kept (it is the organiser's legal record)."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="sheets"
    )
    version = models.PositiveIntegerField(_("version"))
    revision = models.PositiveIntegerField(
        _("révision de la session"), default=0, help_text=_("La révision des présences que cette version montre.")
    )
    file = models.FileField(_("PDF"), storage=private_storage, upload_to="emargements/")
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("feuille d'émargement")
        verbose_name_plural = _("feuilles d'émargement")
        ordering = ["session", "-version"]
        constraints = [models.UniqueConstraint(fields=["session", "version"], name="facetoface_sheet_one_per_version")]

    def __str__(self) -> str:
        return f"{self.session_id} · v{self.version}"
