import pytest


@pytest.fixture
def context(context):
    """Fail in seconds, not Playwright's default 30: a missing element is a bug, not a slow page."""
    context.set_default_timeout(8_000)
    context.set_default_navigation_timeout(20_000)
    return context
