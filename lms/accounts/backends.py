"""Sign-in with an e-mail address or a login id, and a password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lms.accounts.models import User


class EmailOrLoginIdBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> User | None:
        identifier = (username or kwargs.get(get_user_model().USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        user = find_user_by_identifier(identifier)
        if user is None:
            # Hash anyway, so that an unknown identifier takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def find_user_by_identifier(identifier: str) -> User | None:
    """The account whose e-mail (case-insensitive) or login id matches, if exactly one does."""
    users = get_user_model().objects
    if "@" in identifier:
        return users.filter(email__iexact=identifier).first()
    return users.filter(login_id__iexact=identifier).first()
