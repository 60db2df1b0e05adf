"""Real-browser checks of the public pages: Chromium, axe-core, 320 px, keyboard."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_passes_axe(live_site, page, axe):
    """The home page opens in Chromium, in French, and axe finds no serious violation."""
    page.goto(live_site.url + "/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    axe(page)


def test_home_page_is_usable_at_320px(live_site, page, axe):
    """At 320 px nothing scrolls sideways and the page still passes axe."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_site.url + "/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320
    axe(page)


def test_skip_link_is_the_first_stop_and_visible_on_focus(live_site, page):
    """The first Tab reaches the skip link, which becomes visible and moves focus to the content."""
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()


def test_sign_in_with_errors_passes_axe(live_site, page, axe):
    """The sign-in form, shown with its errors, passes axe and links each error to its field."""
    page.goto(live_site.url + "/compte/connexion/")
    axe(page)
    page.get_by_role("button", name="Se connecter").last.click()
    expect(page.locator("#id_username")).to_have_attribute("aria-invalid", "true")
    axe(page)


def test_demo_account_signs_in_and_switches_to_english(demo_data, page):
    """A demo learner signs in through the form, then reads the site in English."""
    page.goto(demo_data.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("parent@exemple.fr")
    page.get_by_label("Mot de passe").fill("passerelle-demo")
    page.locator("form.form").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_role("link", name="English").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_signed_in_page_for_a_demo_role(page_as, axe):
    """The role fixture opens the home page already signed in as that demo account."""
    page = page_as("maire")
    expect(page.locator(".site-nav__user")).to_have_text("Michèle Maire")
    axe(page)


def test_wagtail_admin_runs_under_its_policy(page_as):
    """The admin's own policy lets Wagtail work, and it calls no third party (no CSP violation)."""
    page = page_as("admin", "/admin/")
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(page.url.split("/admin/")[0] + "/admin/pages/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Le numérique autour de l'école, pour tous")).to_be_visible()
    assert violations == []


def test_public_pages_raise_no_csp_violation(live_site, page):
    """The strict public policy blocks nothing the public pages need."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in ["/", "/compte/connexion/", "/nexiste-pas/"]:
        page.goto(live_site.url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_an_unknown_address_gets_the_french_404_page(live_site, page, axe):
    """With debug off, as `make run` serves, a wrong address shows the site's French page, which
    passes axe, and never Django's technical page with its list of every URL."""
    response = page.goto(live_site.url + "/nexiste-pas/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    expect(page.get_by_role("link", name="Retour à l'accueil")).to_be_visible()
    assert "URLconf" not in page.content()
    axe(page)
