"""The scenario pages: where they sit in the tree, what the migrations create, what visitors see."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Workflow
from wagtail.test.utils import WagtailPageTestCase

import pytest

from cms.models import CourseIndexPage, HomePage
from scenarios.models import ScenarioIndexPage, ScenarioPage
from tests.factories.scenarios import ScenarioPageFactory, publish, published_scenario, scenario_index
from tests.helpers.pages import database_cache_queries, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


class ScenarioTreeTests(WagtailPageTestCase):
    def test_scenarios_live_under_their_listing_only(self):
        """A scenario is created under /scenarios/ and nowhere else; the listing under the home page."""
        self.assertCanCreateAt(ScenarioIndexPage, ScenarioPage)
        self.assertCanCreateAt(HomePage, ScenarioIndexPage)
        self.assertCanNotCreateAt(CourseIndexPage, ScenarioPage)
        self.assertCanNotCreateAt(HomePage, ScenarioPage)
        self.assertCanNotCreateAt(Page, ScenarioIndexPage)


def test_migrations_create_the_listing_and_its_workflow():
    """/scenarios/ exists, live, moderated by "Relecture des scénarios" with the catalogue's task."""
    index = ScenarioIndexPage.objects.get()
    assert index.live and index.url == "/scenarios/"
    workflow = index.get_workflow()
    assert workflow.name == "Relecture des scénarios"
    catalogue_tasks = {task.pk for task in Workflow.objects.get(name="Relecture des formations").tasks}
    assert {task.pk for task in workflow.tasks} == catalogue_tasks != set()


def test_trainers_may_write_scenarios_and_moderators_publish_them():
    """The editorial groups have the same rights on /scenarios/ as on /formations/."""
    from django.contrib.auth.models import Group

    index = scenario_index()
    rights = {
        group.name: set(group.page_permissions.filter(page=index).values_list("permission__codename", flat=True))
        for group in Group.objects.filter(name__in=["Formateurs", "Modérateurs"])
    }
    assert rights["Formateurs"] == {"add_page", "change_page"}
    assert "publish_page" in rights["Modérateurs"]


def test_cover_image_needs_its_alt_text():
    """An image without a description fails validation, like a course's cover."""
    from django.core.exceptions import ValidationError

    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Classe", file=get_test_image_file())
    page = ScenarioPageFactory(cover_image=image, cover_alt="Une classe")
    page.cover_alt = " "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "cover_alt" in error.value.message_dict


def test_a_published_scenario_shows_its_structure(client):
    """Target, steps with who does what, licence with its link, authors by name and organisation."""
    from tests.factories import OrganisationFactory, UserFactory

    author = UserFactory(first_name="Élie", last_name="Enseignant", email="elie@exemple.fr")
    organisation = OrganisationFactory(name="École des Castagniers")
    page = ScenarioPageFactory(title="Écrans et sommeil", live=False, organisation=organisation, licence="cc-by-4.0")
    page.authors.set([author])
    text = page_text(client.get(publish(page).url))
    assert "<h1" in text and text.count("<h1") == 1
    assert "Cycle 3 (CM1–6e)" in text
    assert "L'enseignant présente la séance." in text
    assert "2.1 " in text
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/deed.fr" in text
    assert "Élie Enseignant" in text and "École des Castagniers" in text
    assert "elie@exemple.fr" not in text


def test_a_draft_is_not_found_by_visitors(client):
    """A scenario never published, or waiting in moderation, answers 404 at its address."""
    draft = ScenarioPageFactory(title="Brouillon", live=False)
    assert client.get("/scenarios/brouillon/").status_code == 404
    assert draft.url_path.endswith("/scenarios/brouillon/")


def test_a_page_in_moderation_shows_its_published_version_only(client):
    """Changes submitted for review stay invisible until a moderator publishes them."""
    page = published_scenario("Version publiée")
    page.title = "Version en relecture"
    page.save_revision()
    text = page_text(client.get("/scenarios/version-publiee/"))
    assert "Version publiée" in text and "Version en relecture" not in text


@pytest.mark.parametrize("count", [2, 20])
def test_scenario_page_query_count_is_pinned(client, count):
    """2 or 20 authors and competences cost the same. Routing (lms/runtime/routing.py): the site,
    the home page's content type and specific row, the pages below it by url_path in one query,
    the content types of the listing and the scenario, the scenario's specific row (7); the
    site's view restrictions, read once for the access check (1); the organisation, levels,
    publics, subjects, competences, equipment and authors (7); the linked courses (1); the
    approved feedback's count and average, and its newest entries (2); the published
    adaptations' count (1); the attachments (1); the site-root cache, when the cache is the
    database (1)."""
    from courses.models import Competence
    from tests.factories import OrganisationFactory, UserFactory

    page = ScenarioPageFactory(title="Vrai ou faux", live=False, organisation=OrganisationFactory())
    page.authors.set(UserFactory.create_batch(count))
    page.competences.set(Competence.objects.all()[:count])
    publish(page)
    client.get(page.url)  # warm the site-root cache, as any running server has
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    assert len(queries) == 20 + database_cache_queries(), "\n".join(query["sql"][:160] for query in queries)
