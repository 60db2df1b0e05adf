"""Themes and the CRCN competences they train, in courses (courses.models): the apps above
courses find the courses of a theme without importing the CMS."""

import pytest

from courses.models import Competence, Course
from tests.factories import CourseFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Décret n° 2019-919 du 30 août 2019, annexe: the cadre de référence des compétences numériques.
CRCN = [
    ("1", "Informations et données", "1.1", "Mener une recherche et une veille d'information"),
    ("1", "Informations et données", "1.2", "Gérer des données"),
    ("1", "Informations et données", "1.3", "Traiter des données"),
    ("2", "Communication et collaboration", "2.1", "Interagir"),
    ("2", "Communication et collaboration", "2.2", "Partager et publier"),
    ("2", "Communication et collaboration", "2.3", "Collaborer"),
    ("2", "Communication et collaboration", "2.4", "S'insérer dans le monde numérique"),
    ("3", "Création de contenus", "3.1", "Développer des documents textuels"),
    ("3", "Création de contenus", "3.2", "Développer des documents multimédia"),
    ("3", "Création de contenus", "3.3", "Adapter les documents à leur finalité"),
    ("3", "Création de contenus", "3.4", "Programmer"),
    ("4", "Protection et sécurité", "4.1", "Sécuriser l'environnement numérique"),
    ("4", "Protection et sécurité", "4.2", "Protéger les données personnelles et la vie privée"),
    ("4", "Protection et sécurité", "4.3", "Protéger la santé, le bien-être et l'environnement"),
    ("5", "Environnement numérique", "5.1", "Résoudre des problèmes techniques"),
    ("5", "Environnement numérique", "5.2", "Évoluer dans un environnement numérique"),
]


def test_the_sixteen_crcn_competences_ship_in_their_official_order():
    """The migrations load the 16 competences of the CRCN in 5 domains, with their official
    French titles, in the order of the decree."""
    rows = list(Competence.objects.values_list("domain_code", "domain_title", "code", "title"))
    assert rows == CRCN
    assert str(Competence.objects.get(code="4.2")) == "4.2 Protéger les données personnelles et la vie privée"


def test_a_theme_lists_the_competences_it_trains():
    """A theme names the CRCN competences it trains; a competence knows its themes."""
    theme = ThemeFactory(name="Données personnelles", slug="donnees-personnelles")
    theme.competences.set(Competence.objects.filter(code__in=["4.1", "4.2"]))
    assert [competence.code for competence in theme.competences.all()] == ["4.1", "4.2"]
    assert list(Competence.objects.get(code="4.2").themes.all()) == [theme]


def test_for_theme_gives_the_courses_that_carry_the_theme():
    """Course.objects.for_theme(theme) gives the courses that carry it, by the theme or by its
    slug, and nothing else; it chains with the other domain filters."""
    donnees, ecrans = ThemeFactory(slug="donnees-personnelles"), ThemeFactory(slug="parentalite-numerique")
    rgpd, ateliers, draft, unrelated = (
        CourseFactory(),
        CourseFactory(),
        CourseFactory(is_published=False),
        CourseFactory(),
    )
    rgpd.themes.set([donnees])
    ateliers.themes.set([donnees, ecrans])
    draft.themes.set([donnees])
    unrelated.themes.set([ecrans])
    assert set(Course.objects.for_theme(donnees)) == {rgpd, ateliers, draft}
    assert set(Course.objects.for_theme("donnees-personnelles")) == {rgpd, ateliers, draft}
    assert set(Course.objects.published().for_theme(donnees)) == {rgpd, ateliers}
    assert list(Course.objects.for_theme("inconnu")) == []
