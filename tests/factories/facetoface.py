from datetime import datetime, time, timedelta

from django.utils import timezone

import factory

from facetoface.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMethod,
    AttendanceSheet,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    Slot,
    TrainerProfile,
    TrainingSession,
)


def paris(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A moment `day_offset` days from today at this Paris wall-clock time."""
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


class TrainerProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    bio = "Formatrice au numérique éducatif depuis dix ans."

    class Meta:
        model = TrainerProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create and extracted:
            self.territories.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory("tests.factories.courses.CourseFactory")
    organiser = factory.SubFactory("tests.factories.organisations.OrganisationFactory")
    territory = factory.LazyAttribute(lambda session: session.organiser.territory)
    address = "Salle du conseil, place de la mairie"
    capacity = 10
    registration_deadline = factory.LazyFunction(lambda: paris(5, 18))

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    @factory.post_generation
    def slots(self, create, extracted, **kwargs):
        """One morning a week from now, unless given as [(start, end), …]."""
        if not create:
            return
        for start, end in extracted if extracted is not None else [(paris(7, 9), paris(7, 12))]:
            Slot.objects.create(session=self, start=start, end=end)


class SlotFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(TrainingSessionFactory, slots=[])
    start = factory.LazyFunction(lambda: paris(8, 14))
    end = factory.LazyFunction(lambda: paris(8, 17))

    class Meta:
        model = Slot


class RegistrationFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(TrainingSessionFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    status = RegistrationStatus.CONFIRMED

    class Meta:
        model = Registration


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A trainer's "present" mark for a registration, on a slot of its session."""

    registration = factory.SubFactory(RegistrationFactory)
    slot = factory.LazyAttribute(lambda a: SlotFactory(session=a.registration.session))
    status = AttendanceStatus.PRESENT
    method = AttendanceMethod.TRAINER
    set_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Attendance


class AttendanceCorrectionFactory(factory.django.DjangoModelFactory):
    attendance = factory.SubFactory(AttendanceFactory)
    old_status = AttendanceStatus.ABSENT
    new_status = AttendanceStatus.PRESENT
    reason = "Arrivée après l'appel."
    corrected_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = AttendanceCorrection


class AttendanceSheetFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(TrainingSessionFactory)
    version = 1
    revision = 1
    file = factory.django.FileField(data=b"%PDF-1.7\n%%EOF\n", filename="emargement.pdf")
    sha256 = "0" * 64

    class Meta:
        model = AttendanceSheet
