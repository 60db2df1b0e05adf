"""Real-browser fixtures: Debian's Chromium through pytest-playwright, a live server that keeps
migrated data, signed-in pages for each demo role, and the axe-core accessibility check.

Never run `playwright install`: it downloads a browser, which cannot work here (DESIGN.md §5).
"""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

import pytest

CHROMIUM = os.environ.get("PASSERELLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS_DIR = Path(
    os.environ.get("PASSERELLE_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts"
)
FAILING_IMPACTS = {"serious", "critical"}


def chromium_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package (make test does)."
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the test inject axe-core into pages whose policy forbids foreign scripts.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(scope="session", autouse=True)
def _media_through_the_site_urls():
    """The live server serves MEDIA_URL through the project's URLs (lms.runtime.views.public_media),
    as `make run` does. Django's LiveServerThread otherwise puts a test-only handler in front that
    serves the whole of MEDIA_ROOT, documents included, whatever the settings say: a browser test
    would never see what a visitor gets. Autouse and session-wide, so it is in place before the
    live server thread starts (once per session)."""
    from django.test import testcases

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(testcases, "_MediaFilesHandler", lambda application: application)
        yield


@pytest.fixture
def live_site(django_db_serialized_rollback, live_server):
    """The live server, with the rows migrations created restored after every flush."""
    return live_server


def pytest_configure(config):
    # Screenshots and traces of failing browser tests go where the stage prints them.
    if hasattr(config.option, "output") and config.option.output == "test-results":
        config.option.output = str(ARTIFACTS_DIR)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    output = getattr(config.option, "output", None)
    if output and exitstatus != 0 and Path(output).exists() and any(Path(output).iterdir()):
        terminalreporter.write_line(f"Browser failure artifacts (screenshots, traces): {Path(output).resolve()}")


# --- Accessibility ----------------------------------------------------------------------------


class AccessibilityViolations(AssertionError):
    pass


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def axe_check(page, *, context: str | None = None, disabled_rules: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; fail on serious or critical
    violations with a readable list. Returns every violation found, for tests that want more."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
    }
    result = page.evaluate(
        "async ([context, options]) => await axe.run(context || document, options)",
        [context, options],
    )
    failing = [violation for violation in result["violations"] if violation["impact"] in FAILING_IMPACTS]
    if failing:
        raise AccessibilityViolations(format_violations(page.url, failing))
    return result["violations"]


@pytest.fixture
def axe():
    return axe_check


# --- Signed-in pages ------------------------------------------------------------------------

DEMO_ROLES = {
    "admin": "admin@exemple.fr",
    "formatrice": "formatrice@exemple.fr",
    "moderatrice": "moderatrice@exemple.fr",
    "agence": "agence@exemple.fr",
    "maire": "maire@exemple.fr",
    "directrice": "directrice@exemple.fr",
    "epn": "epn@exemple.fr",
    "enseignant": "enseignant@exemple.fr",
    "parent": "parent@exemple.fr",
    "agent": "agent@exemple.fr",
}


def sign_in_context(context, live_server_url: str, user) -> None:
    """Give a browser context the session cookie of a signed-in user, as the sign-in view would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server_url}])


@pytest.fixture
def demo_data(live_site):
    """The demo data of `seed_demo`, loaded into the live server's database."""
    from demo.services import demo_seed

    demo_seed()
    return live_site


@pytest.fixture
def page_as(demo_data, context) -> Callable:
    """`page_as("parent")` returns a new page, signed in as that demo role (DESIGN.md §4) and
    open at the home page. One role per test: the roles share the browser context."""
    from lms.accounts.models import User

    def make(role: str, path: str = "/"):
        user = User.objects.get(email=DEMO_ROLES[role])
        sign_in_context(context, demo_data.url, user)
        page = context.new_page()
        page.goto(demo_data.url + path)
        return page

    return make


@pytest.fixture
def page_for(browser, browser_context_args, demo_data):
    """`page_for(user, "/path/")`: a page in its own browser context, signed in as any user (not
    only a demo role), for journeys with two people at once. Contexts close with the test."""
    contexts = []

    def make(user, path: str = "/"):
        context = browser.new_context(**browser_context_args)
        context.set_default_timeout(8_000)
        contexts.append(context)
        if user is not None:
            sign_in_context(context, demo_data.url, user)
        page = context.new_page()
        page.goto(demo_data.url + path)
        return page

    yield make
    for context in contexts:
        context.close()
