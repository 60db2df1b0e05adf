from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lms.notifications.forms import PreferencesForm
from lms.notifications.kinds import get_group
from lms.notifications.selectors import preferences_for
from lms.notifications.services.preferences import preference_set
from lms.notifications.unsubscribe import read_unsubscribe_token

if TYPE_CHECKING:  # lms.notifications sits below lms.accounts (DESIGN.md §2): a type only
    from lms.accounts.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: "AuthenticatedHttpRequest") -> HttpResponse:
    current = preferences_for(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        for code, enabled in form.cleaned_data.items():
            if current.get(code) != enabled:
                preference_set(user=request.user, group=code, enabled=enabled)
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL
# with no session and no CSRF token. This is the project's only CSRF exemption (DESIGN.md §4):
# the signed token in the URL is what authorises the change, and all it can do is switch off
# one group of e-mails for one person.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    decoded = read_unsubscribe_token(token)
    if decoded is None:
        raise Http404
    user_id, group_code = decoded
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        group = get_group(group_code)
    except KeyError:
        raise Http404 from None
    if user is None:
        raise Http404
    if request.method == "POST":
        preference_set(user=user, group=group.code, enabled=False)
        return render(request, "notifications/unsubscribe_done.html", {"group": group})
    return render(request, "notifications/unsubscribe.html", {"group": group, "token": token})
