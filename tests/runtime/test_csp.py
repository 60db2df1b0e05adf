import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_get_the_strict_policy(client):
    """The home page forbids inline and foreign scripts."""
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_sign_in_page_gets_the_strict_policy(client):
    """A page with a form keeps the strict policy and restricts where forms may post."""
    policy = client.get("/compte/connexion/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "form-action 'self'" in policy


def test_wagtail_admin_gets_its_own_policy(client):
    """The Wagtail admin, which still uses inline scripts, gets the separate admin policy."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


def test_public_pages_have_no_inline_script(client):
    """The strict policy would block inline scripts, so public templates must not contain any."""
    for path in ["/", "/compte/connexion/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html
        assert " onclick=" not in html
