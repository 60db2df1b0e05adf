from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from cms.legal_context import COOKIES, LegalKind
from lms.organisations.models import MembershipRole
from tests.factories import MembershipFactory, UserFactory

DOCUMENTED = {name for name, _role, _duration in COOKIES}


def parameterless_paths(resolver=None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no argument, found by walking the URL configuration."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or "\\d" in route or "(" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            if route.startswith(("admin/", "django-admin/")):
                found.append("/" + prefix + route)  # the admins' home pages, not their every screen
                continue
            found += parameterless_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + prefix + route)
    return sorted({path for path in found if "deconnexion" not in path})


@pytest.fixture
def people(db):
    manager = UserFactory()
    MembershipFactory(user=manager, role=MembershipRole.MANAGER)
    return {
        "anonymous": None,
        "learner": UserFactory(audiences=["parent"]),
        "manager": manager,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }


def test_no_page_sets_an_undocumented_cookie(client, people):
    """Every GET URL, as anonymous, learner, manager and staff, sets only the cookies the cookies
    page lists (session, CSRF, language): all strictly necessary."""
    paths = parameterless_paths() + [f"/{kind}/" for kind in LegalKind.values] + ["/langue/en/", "/langue/fr/"]
    assert len(paths) > 30
    seen: dict[str, set[str]] = {}
    for role, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            for name in response.cookies:
                if response.cookies[name].value or response.cookies[name]["max-age"] != 0:
                    seen.setdefault(name, set()).add(f"{role} {path}")
    undocumented = {name: sorted(where)[:3] for name, where in seen.items() if name not in DOCUMENTED}
    assert undocumented == {}, (
        f"Document these cookies in cms/legal_context.py COOKIES, or stop setting them: {undocumented}"
    )
    assert "csrftoken" in seen  # the scan does see cookies (sign-in forms set the CSRF one)
