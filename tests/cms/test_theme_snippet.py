"""The catalogue's themes (courses.Theme) are edited as a Wagtail snippet (cms/wagtail_hooks.py),
by moderators as before the model moved, with the CRCN competences as checkboxes."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from courses.models import Competence, Theme
from tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    return client


def test_a_moderator_creates_a_theme_with_its_competences(moderator):
    """The add form offers the 16 CRCN competences as checkboxes, and saves the checked ones."""
    add_url = reverse("wagtailsnippets_courses_theme:add")
    form = moderator.get(add_url)
    assert form.status_code == 200
    html = form.content.decode()
    assert html.count('type="checkbox" name="competences"') == 16
    assert "4.2 Protéger les données personnelles et la vie privée" in html
    checked = Competence.objects.filter(code__in=["4.1", "4.2"])
    response = moderator.post(
        add_url,
        {
            "name": "Cybersécurité à l'école",
            "slug": "cybersecurite",
            "description": "Mots de passe, mises à jour, sauvegardes.",
            "competences": [competence.pk for competence in checked],
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(slug="cybersecurite")
    assert theme.name == "Cybersécurité à l'école"
    assert [competence.code for competence in theme.competences.all()] == ["4.1", "4.2"]


def test_a_moderator_changes_a_themes_competences(moderator):
    """The edit form shows the theme's competences checked and replaces them on save."""
    theme = ThemeFactory(name="Données personnelles", slug="donnees-personnelles")
    theme.competences.set(Competence.objects.filter(code="1.2"))
    edit_url = reverse("wagtailsnippets_courses_theme:edit", args=[theme.pk])
    assert moderator.get(edit_url).status_code == 200
    response = moderator.post(
        edit_url,
        {
            "name": theme.name,
            "slug": theme.slug,
            "description": "",
            "competences": [Competence.objects.get(code="4.2").pk],
        },
    )
    assert response.status_code == 302
    assert [competence.code for competence in theme.competences.all()] == ["4.2"]
