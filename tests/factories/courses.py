import factory

from courses.models import (
    CalendarFeed,
    Competence,
    Course,
    Enrolment,
    InvitationEnrolment,
    MemberImport,
    Module,
    ModuleCompletion,
    QuizAttempt,
    Theme,
)


class CompetenceFactory(factory.django.DjangoModelFactory):
    """The 16 CRCN competences come from a migration; this one is a made-up extra."""

    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Compétence d'essai {n}")
    domain_code = "9"
    domain_title = "Domaine d'essai"
    position = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = Competence


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme


class CourseFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Formation suivie {n}")
    is_published = True

    class Meta:
        model = Course


class ModuleFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module suivi {n}")
    position = factory.Sequence(lambda n: n + 1)
    is_published = True

    class Meta:
        model = Module


class EnrolmentFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    course = factory.SubFactory(CourseFactory)

    class Meta:
        model = Enrolment


class ModuleCompletionFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory(EnrolmentFactory)
    cycle = 1
    module = factory.SubFactory(ModuleFactory, course=factory.SelfAttribute("..enrolment.course"))

    class Meta:
        model = ModuleCompletion


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory(EnrolmentFactory)
    cycle = 1
    module = factory.SubFactory(ModuleFactory, course=factory.SelfAttribute("..enrolment.course"))
    quiz_id = "quiz"
    answers = factory.LazyFunction(dict)
    results = factory.LazyFunction(dict)
    score = 0
    passed = False

    class Meta:
        model = QuizAttempt


class MemberImportFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory("tests.factories.organisations.OrganisationFactory")
    created_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    filename = "agents.csv"
    data = b"nom;prenom\nDurand;Lea\n"
    total_rows = 1

    class Meta:
        model = MemberImport


class InvitationEnrolmentFactory(factory.django.DjangoModelFactory):
    invitation = factory.SubFactory("tests.factories.organisations.InvitationFactory")
    course = factory.SubFactory(CourseFactory)

    class Meta:
        model = InvitationEnrolment


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")

    class Meta:
        model = CalendarFeed
