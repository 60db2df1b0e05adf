"""The section registry: apps above dashboards add sections to a territory's page."""

from django.template import engines

import pytest

from dashboards import sections
from dashboards.sections import TerritorySection, register_territory_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    """A section shown on département pages only, removed after the test."""
    template = engines["django"].from_string('<p class="test-section">Retours de {{ section.name }}</p>')
    register_territory_section(
        TerritorySection(
            code="test",
            template_name=template,  # {% include %} renders a template object too
            context=lambda request, territory: (
                {"name": territory.name} if territory is not None and territory.kind == "departement" else None
            ),
        )
    )
    yield
    sections._sections.pop("test")


def test_a_registered_section_shows_on_the_pages_it_accepts(client, departement, registered):
    """The section renders with its own context where its context is not None, and nowhere else."""
    page = client.get("/territoires/departement/07/").content.decode()
    assert '<p class="test-section">Retours de Ardèche</p>' in page
    assert "test-section" not in client.get("/territoires/").content.decode()
