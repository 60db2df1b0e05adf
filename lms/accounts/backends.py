"""Sign-in with an e-mail address or a login id, and a password.

Every login view of the project reaches the account through this backend: the site's form, and
also Django's and Wagtail's own login forms (which now only redirect to it, but a view added later
would still meet these rules). So the rules live here, not in a form:
- failed attempts are throttled (lms/accounts/throttling.py), and a blocked attempt is refused
  even with the right password;
- an account whose e-mail address is not confirmed cannot sign in with a password;
- a deactivated account cannot sign in.
A refusal raises PermissionDenied, which makes django.contrib.auth.authenticate() stop at once;
its reason is left on the request, for the site's form to explain it (lms/accounts/forms.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lms.accounts import throttling
from lms.accounts.models import User

REFUSAL_ATTRIBUTE = "passerelle_sign_in_refusal"


class SignInRefused(PermissionDenied):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def sign_in_refusal(request: HttpRequest | None) -> str | None:
    """Why the backend refused the last attempt of this request ("throttled", "unconfirmed")."""
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def _refuse(request: HttpRequest | None, code: str) -> None:
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, code)
    raise SignInRefused(code)


class EmailOrLoginIdBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> User | None:
        identifier = (username or kwargs.get(get_user_model().USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        attempt = throttling.Attempt.of(request, identifier)
        if attempt.blocked():
            _refuse(request, "throttled")
        user = find_user_by_identifier(identifier)
        if user is None:
            # Hash anyway, so that an unknown identifier takes as long as a wrong password.
            get_user_model()().set_password(password)
            attempt.failed()
            return None
        if not user.check_password(password) or not self.user_can_authenticate(user):
            attempt.failed()
            return None
        if user.email and user.email_confirmed_at is None:
            _refuse(request, "unconfirmed")
        attempt.succeeded()
        return user


def find_user_by_identifier(identifier: str) -> User | None:
    """The account whose e-mail (case-insensitive) or login id matches, if exactly one does."""
    users = get_user_model().objects
    if "@" in identifier:
        return users.filter(email__iexact=identifier).first()
    return users.filter(login_id__iexact=identifier).first()
