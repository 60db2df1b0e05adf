from django.db import models
from django.test.utils import isolate_apps

import pytest

from lms.accounts.models import User
from lms.privacy import registry
from lms.privacy.registry import (
    Erasure,
    RegistryError,
    declarations,
    declare,
    exempt,
    uncovered_models,
    user_data_export,
)
from tests.factories import UserFactory


def test_every_model_with_personal_data_is_declared():
    """Each model of every installed app (found by introspection) linked to a user, or marking
    personal fields, is declared or exempted with a reason."""
    missing = uncovered_models()
    assert missing == [], (
        f"Not in the privacy registry: {missing}. In the app's privacy.py register() (called from its "
        "AppConfig.ready()), add for each: declare(Model, user_path=<lookup(s) to the user, the owner's "
        "first>, export_fields=[...], on_erasure=Erasure.DELETE|REPOINT|ANONYMISE|DETACH|KEEP, "
        "kept_because=_lazy('why what stays stays') unless DELETE, retention=timedelta(...) or None, "
        "purpose=_lazy('...')), or exempt(Model, reason='...'). See docs/privacy.md."
    )


def test_every_declaration_that_keeps_rows_says_why():
    """Rows kept after erasure (anonymised, re-pointed, detached or kept) come with their reason,
    shown in the erasure preview and on the privacy page."""
    unexplained = [
        declaration.label
        for declaration in declarations()
        if declaration.on_erasure is not Erasure.DELETE and not str(declaration.kept_because).strip()
    ]
    assert unexplained == [], f"Give these declarations a kept_because: {unexplained}"


@isolate_apps("lms.privacy")
def test_an_undeclared_model_with_a_user_link_is_caught():
    """A new model with a foreign key to the user is reported until it is declared."""

    class Note(models.Model):
        author = models.ForeignKey(User, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

    class Tally(models.Model):
        total = models.IntegerField()

        class Meta:
            app_label = "privacy"

    assert uncovered_models([Note, Tally]) == ["privacy.Note"]


@pytest.fixture
def scratch_registry(monkeypatch):
    """Declarations made by a test vanish with it."""
    monkeypatch.setattr(registry, "_declarations", dict(registry._declarations))
    monkeypatch.setattr(registry, "_exemptions", dict(registry._exemptions))


@isolate_apps("lms.privacy")
def test_a_model_marking_personal_fields_is_caught_then_exempted(scratch_registry):
    """`personal_fields` marks personal data without a user link; an exemption needs a reason."""

    class Contact(models.Model):
        phone = models.CharField(max_length=20)
        personal_fields = ("phone",)

        class Meta:
            app_label = "privacy"

    assert uncovered_models([Contact]) == ["privacy.Contact"]
    with pytest.raises(RegistryError):
        exempt(Contact, reason="  ")
    exempt(Contact, reason="Numéros de standard des mairies, pas des personnes.")
    assert uncovered_models([Contact]) == []


def test_anonymise_requires_a_function(scratch_registry):
    """Declaring anonymisation without saying how is refused."""
    from lms.accounts.models import Audience

    with pytest.raises(RegistryError):
        declare(
            Audience,
            user_path="users",
            export_fields=[],
            on_erasure=Erasure.ANONYMISE,
            retention=None,
            purpose="x",
        )


@pytest.mark.django_db
def test_export_gathers_each_declared_model_for_one_person():
    """A subject access export lists the person's own rows, and no one else's, for every declaration."""
    person = UserFactory(email="export@exemple.fr", first_name="Inès", audiences=["parent"])
    UserFactory(email="autre@exemple.fr")
    export = user_data_export(person)
    assert set(export) == {declaration.label for declaration in declarations()}
    assert export["accounts.User"] == [
        {
            "login_id": person.login_id,
            "email": "export@exemple.fr",
            "first_name": "Inès",
            "last_name": person.last_name,
            "preferred_language": "fr",
            "date_joined": person.date_joined,
            "last_login": None,
            "audiences__code": "parent",
        }
    ]
