from django.db import IntegrityError

import pytest

from lms.accounts.models import User, normalise_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_the_case():
    """Two accounts cannot share an e-mail, even typed with other capitals."""
    UserFactory(email="Marie@exemple.fr")
    with pytest.raises(IntegrityError):
        UserFactory(email="marie@EXEMPLE.FR".lower().replace("marie", "MARIE"))


def test_several_accounts_without_email_are_allowed():
    """Agents without e-mail are stored with NULL, which the unique constraint allows."""
    first = UserFactory(email="")
    second = UserFactory(email=None)
    assert first.email is None
    assert second.email is None
    assert first.login_id != second.login_id


def test_login_id_is_generated_and_ascii():
    """Every account gets a typeable ASCII login id, even with accented names."""
    user = User.objects.create_user(email=None, first_name="Éloïse", last_name="Lefèvre-Côté")
    assert user.login_id.startswith("eloise.lefevre.cote-")
    assert user.login_id.isascii()
    assert User.objects.get(login_id=user.login_id) == user


def test_normalise_email_lowercases_only_the_domain():
    """The local part may be case-sensitive on some servers; only the domain is folded."""
    assert normalise_email("  Marie.Dupont@Exemple.FR ") == "Marie.Dupont@exemple.fr"
    assert normalise_email("   ") is None


def test_existing_addresses_count_as_confirmed_after_the_upgrade():
    """Accounts made before confirmation existed keep signing in (data migration 0004)."""
    from importlib import import_module

    from django.apps import apps

    user = UserFactory(email="ancien@exemple.fr", email_confirmed_at=None)
    import_module("lms.accounts.migrations.0004_confirm_existing_addresses").confirm_existing(apps, None)
    user.refresh_from_db()
    assert user.email_confirmed_at == user.date_joined
