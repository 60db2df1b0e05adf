import datetime

from django.utils import timezone
from django.utils.text import slugify

import factory
import wagtail_factories

from cms.models import HomePage
from courses.models import Competence
from scenarios.choices import EquipmentCode, LevelCode, PublicCode, ReportReason, SubjectCode
from scenarios.models import (
    Equipment,
    Level,
    Public,
    ScenarioAttachment,
    ScenarioCollection,
    ScenarioCollectionItem,
    ScenarioFeedback,
    ScenarioIndexPage,
    ScenarioPage,
    ScenarioReport,
    Subject,
)


def scenario_index() -> ScenarioIndexPage:
    """The listing page the migrations create (recreated if a test flushed it away)."""
    return ScenarioIndexPage.objects.first() or ScenarioIndexPageFactory(parent=HomePage.objects.first())


def step(title: str = "Lancement", minutes: int = 10, leader: str = "", participants: str = "") -> dict:
    return {
        "type": "step",
        "value": {
            "title": title,
            "minutes": minutes,
            "leader": leader or "L'enseignant présente la séance.",
            "participants": participants or "Les élèves écoutent et posent des questions.",
            "material": "",
        },
    }


class ScenarioIndexPageFactory(wagtail_factories.PageFactory):
    title = "Scénarios"
    slug = factory.Sequence(lambda n: f"scenarios-{n}")

    class Meta:
        model = ScenarioIndexPage


class ScenarioPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Scénario {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    parent = factory.LazyFunction(scenario_index)
    summary = "Une séance courte pour découvrir un usage du numérique."
    duration_minutes = 55
    group_size = "Classe entière"
    objectives = "Découvrir un outil.\nEn parler ensemble."
    steps = factory.LazyFunction(lambda: [step()])
    assessment = "Chacun dit ce qu'il a appris."

    class Meta:
        model = ScenarioPage
        skip_postgeneration_save = True

    @factory.post_generation
    def facets(self, create, extracted, **kwargs):
        """Facets by code: facets={"levels": ["cycle3"], "competences": ["2.1"], …}."""
        values = {"levels": ["cycle3"], "subjects": ["francais"], "equipment": ["tablettes"], "competences": ["2.1"]}
        values.update(extracted or {})
        for name, codes in values.items():
            if name == "competences":
                getattr(self, name).set(Competence.objects.filter(code__in=codes))
            else:
                getattr(self, name).set(codes)
        if create:
            self.save()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def published_scenario(title: str, **kwargs) -> ScenarioPage:
    """A scenario published as an editor would, its facets included."""
    return publish(ScenarioPageFactory(title=title, live=False, **kwargs))


def facet_factory(model, codes):
    """The reference rows are loaded by the migrations: a factory finds them by code."""
    return type(
        f"{model.__name__}Factory",
        (factory.django.DjangoModelFactory,),
        {
            "code": factory.Iterator(codes.values),
            "Meta": type("Meta", (), {"model": model, "django_get_or_create": ["code"]}),
        },
    )


LevelFactory = facet_factory(Level, LevelCode)
PublicFactory = facet_factory(Public, PublicCode)
SubjectFactory = facet_factory(Subject, SubjectCode)
EquipmentFactory = facet_factory(Equipment, EquipmentCode)


class ScenarioAttachmentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ScenarioPageFactory)
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="fiche.pdf")
    name = "fiche.pdf"
    kind = "pdf"
    size = 15

    class Meta:
        model = ScenarioAttachment


class ScenarioFeedbackFactory(factory.django.DjangoModelFactory):
    """A pending "Je l'ai testé" of a cycle 3 class."""

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    scenario = factory.SubFactory(ScenarioPageFactory)
    tested_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    target = LevelCode.CYCLE3
    group_size = 24
    how_it_went = "Les élèves ont bien suivi ; la deuxième étape a pris plus de temps que prévu."
    usefulness = 4

    class Meta:
        model = ScenarioFeedback


class ScenarioCollectionFactory(factory.django.DjangoModelFactory):
    """A personal collection (pass organisation= and owner=None for an organisation's)."""

    title = factory.Sequence(lambda n: f"Ma collection {n}")
    slug = factory.Sequence(lambda n: f"ma-collection-{n}")
    owner = factory.SubFactory("tests.factories.accounts.UserFactory")

    class Meta:
        model = ScenarioCollection


class ScenarioCollectionItemFactory(factory.django.DjangoModelFactory):
    collection = factory.SubFactory(ScenarioCollectionFactory)
    scenario = factory.SubFactory(ScenarioPageFactory)
    added_by = factory.SelfAttribute("collection.owner")

    class Meta:
        model = ScenarioCollectionItem


class ScenarioReportFactory(factory.django.DjangoModelFactory):
    reporter = factory.SubFactory("tests.factories.accounts.UserFactory")
    scenario = factory.SubFactory(ScenarioPageFactory)
    reason = ReportReason.CONTENT
    text = "La durée de la deuxième étape ne correspond pas au total annoncé."

    class Meta:
        model = ScenarioReport
