"""The legal pages in Chromium: axe clean and no sideways scroll at 320 px."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("PASSERELLE_PRIVACY_SCREENSHOTS")


@pytest.mark.parametrize("kind", ["confidentialite", "accessibilite", "cookies", "mentions-legales"])
def test_each_legal_page_reads_at_320_px(page_for, kind, axe):
    page = page_for(None, f"/{kind}/")
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        axe(page)
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/legal-{kind}-{width}.png", full_page=True)
