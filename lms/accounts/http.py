"""The request of a view that requires a sign-in.

Django types `request.user` as a User or an AnonymousUser; behind `login_required` it is always
a User. Such views take an `AuthenticatedHttpRequest`, so that mypy checks what they hand to
services and access helpers (which take a `User`) instead of every view narrowing by hand. The
class only names a type: nothing ever instantiates it, and `login_required` is what makes it
true. A view that also serves visitors keeps `HttpRequest` and checks `request.user` itself.
"""

from django.http import HttpRequest

from lms.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
