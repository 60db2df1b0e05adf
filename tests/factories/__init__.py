"""factory_boy factories, one per model (STYLE.md item 9). tests/test_factories.py builds each."""

from tests.factories.accounts import AudienceFactory, UserFactory

__all__ = ["AudienceFactory", "UserFactory"]
