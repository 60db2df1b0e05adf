"""Themes moved from cms to courses (cms/migrations/0009–0011, courses/migrations/0005): a
database migrated from before the move keeps its themes, their ids, the course pages' links,
and who may edit them, and its published courses carry their themes at once."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cms.models import CoursePage
from courses.models import Competence, Theme
from tests.factories import CoursePageFactory, ThemeFactory
from tests.factories.cms import publish

BEFORE_THE_MOVE = [("cms", "0008_moderation_mail_switches_off"), ("courses", "0004_import_recovery")]


def migrate(targets=None):
    """Migrate the test database to `targets` (every app's latest when None); the models as
    they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_moving_themes_keeps_them_and_the_course_links(transactional_site):
    """Rows written before the move (a theme, its page links) are there after it, with the same
    ids; the course gets its page's themes; the moderators may still edit themes."""
    ecrans = ThemeFactory(name="Parentalité numérique", slug="parentalite-numerique")
    page = CoursePageFactory(title="Les écrans en famille", live=False)
    page.themes.set([ecrans])
    page = publish(page)
    theme_type = ContentType.objects.get(app_label="courses", model="theme").pk

    old = migrate(BEFORE_THE_MOVE)
    assert ContentType.objects.filter(model="theme").values_list("pk", "app_label")[0] == (theme_type, "cms")
    OldTheme, OldCoursePage = old.get_model("cms", "Theme"), old.get_model("cms", "CoursePage")
    assert list(OldTheme.objects.values_list("pk", "slug")) == [(ecrans.pk, "parentalite-numerique")]
    # Written at the old state, as production has them: a theme and a page link.
    donnees = OldTheme.objects.create(name="Données personnelles", slug="donnees-personnelles")
    OldCoursePage.themes.through.objects.create(coursepage_id=page.pk, theme_id=donnees.pk)

    migrate()
    assert list(Theme.objects.values_list("pk", "slug")) == [
        (donnees.pk, "donnees-personnelles"),
        (ecrans.pk, "parentalite-numerique"),
    ]
    page = CoursePage.objects.get(pk=page.pk)
    assert {theme.slug for theme in page.themes.all()} == {"donnees-personnelles", "parentalite-numerique"}
    assert {theme.slug for theme in page.course.themes.all()} == {"donnees-personnelles", "parentalite-numerique"}
    # Read from the table, not ContentType's cache (which must keep the ids the serialized
    # rollback restores): the content type kept its id and moved to courses.
    assert ContentType.objects.filter(model="theme").values_list("pk", "app_label")[0] == (theme_type, "courses")
    assert ContentType.objects.filter(model="theme").count() == 1
    moderators = Group.objects.get(name="Modérateurs")
    assert set(moderators.permissions.filter(content_type__app_label="courses").values_list("codename", flat=True)) >= {
        "add_theme",
        "change_theme",
        "delete_theme",
        "view_theme",
    }
    assert Competence.objects.count() == 16
