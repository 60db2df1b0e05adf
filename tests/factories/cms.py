import uuid

from django.utils.text import slugify

import factory
import wagtail_factories

from cms.models import CourseIndexPage, CoursePage, CoursePageAuthor, HomePage, LegalKind, LegalPage, ModulePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Accueil {n}")
    intro = "Des formations courtes pour tous les publics de l'école."

    class Meta:
        model = HomePage


def publish(page):
    """Publish the page as an editor would (a revision, then publish), and reload it."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def course_index() -> CourseIndexPage:
    """The catalogue page the migrations create (recreated if a test flushed it away)."""
    return CourseIndexPage.objects.first() or CourseIndexPageFactory(parent=HomePage.objects.first())


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Formations"
    slug = factory.Sequence(lambda n: f"formations-{n}")
    intro = "Des formations courtes et gratuites."

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Formation {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    parent = factory.LazyFunction(course_index)
    summary = "Comprendre et accompagner les usages numériques des enfants."
    estimated_minutes = 90
    objectives = "<ul><li>Régler le contrôle parental</li></ul>"

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create:
            self.audiences.set(extracted if extracted is not None else ["parent"])


class CoursePageAuthorFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CoursePageFactory)
    name = "Claire Dumas"
    role = "Formatrice au numérique éducatif"

    class Meta:
        model = CoursePageAuthor


def block_id() -> str:
    return str(uuid.uuid4())


def quiz_block(questions: list[tuple[str, list[tuple[str, bool]], str]], title: str = "Testez-vous") -> dict:
    """Raw StreamField data for a quiz: [(prompt, [(choice, correct), …], feedback), …]."""
    return {
        "type": "quiz",
        "id": block_id(),
        "value": {
            "title": title,
            "questions": [
                {
                    "type": "item",
                    "id": block_id(),
                    "value": {
                        "prompt": prompt,
                        "multiple": sum(correct for _text, correct in choices) > 1,
                        "choices": [
                            {"type": "item", "id": block_id(), "value": {"text": text, "correct": correct}}
                            for text, correct in choices
                        ],
                        "feedback": feedback,
                    },
                }
                for prompt, choices, feedback in questions
            ],
        },
    }


def paragraph_block(html: str = "<p>Un écran n'est ni bon ni mauvais : tout dépend de l'usage.</p>") -> dict:
    return {"type": "paragraph", "id": block_id(), "value": html}


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    parent = factory.SubFactory(CoursePageFactory)
    estimated_minutes = 20
    body = factory.LazyFunction(lambda: [paragraph_block()])

    class Meta:
        model = ModulePage


class LegalPageFactory(wagtail_factories.PageFactory):
    """A legal page under the site's home page (one per kind)."""

    title = factory.LazyAttribute(lambda page: str(LegalKind(page.kind).label))
    kind = LegalKind.NOTICE
    slug = factory.LazyAttribute(lambda page: page.kind)
    body = "<p>Éditeur : commune de Privas.</p>"
    parent = factory.LazyFunction(lambda: HomePage.objects.first())

    class Meta:
        model = LegalPage
