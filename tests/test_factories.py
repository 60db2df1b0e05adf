from django.apps import apps

from wagtail.models import Page

import pytest

from tests.factories import ALL_FACTORIES, CourseIndexPageFactory, HomePageFactory
from tests.factories.cms import HomePage

PROJECT_APPS = [
    "accounts",
    "organisations",
    "notifications",
    "privacy",
    "courses",
    "certificates",
    "facetoface",
    "cms",
    "scenarios",
    "surveys",
    "relays",
    "dashboards",
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_every_factory_builds_a_saved_row(factory):
    """Each factory creates a valid row that reads back from the database."""
    if factory is HomePageFactory:
        instance = factory(parent=Page.get_first_root_node())
    elif factory is CourseIndexPageFactory:
        instance = factory(parent=HomePage.objects.first())
    else:
        instance = factory()
    instance.full_clean()
    assert type(instance)._default_manager.filter(pk=instance.pk).exists()


def test_every_project_model_has_a_factory():
    """A new model comes with its factory."""
    covered = {factory._meta.model for factory in ALL_FACTORIES}
    models = [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    assert [model._meta.label for model in models if model not in covered] == []
