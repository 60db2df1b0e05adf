"""factory_boy factories, one per model (STYLE.md item 9). tests/test_factories.py builds each."""

from tests.factories.accounts import AudienceFactory, UserFactory
from tests.factories.cms import HomePageFactory

ALL_FACTORIES = [AudienceFactory, UserFactory, HomePageFactory]

__all__ = ["ALL_FACTORIES", "AudienceFactory", "HomePageFactory", "UserFactory"]
