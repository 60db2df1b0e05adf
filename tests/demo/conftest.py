import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """`seed_demo` stores the demo's cover images: in a folder of the test, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
