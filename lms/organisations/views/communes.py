"""The person's home commune, chosen from their profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.selectors import commune_choices, current_commune, home_commune_of
from lms.organisations.services.home_communes import home_commune_clear, home_commune_set

COMMUNE_RESULTS = 20


@login_required
@require_http_methods(["GET", "POST"])
def home_commune_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose one's commune without JavaScript: search (GET), then pick a result (POST)."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            home_commune_clear(user=request.user)
            messages.success(request, _("Votre commune est retirée de votre profil."))
            return redirect("accounts:profile")
        chosen = request.POST.get("commune", "")
        commune = current_commune(int(chosen)) if chosen.isascii() and chosen.isdigit() else None
        if commune is None:
            error = _("Choisissez une commune dans la liste.")
        else:
            home_commune_set(user=request.user, commune=commune)
            messages.success(request, _("Votre commune est enregistrée : %(name)s.") % {"name": commune.name})
            return redirect("accounts:profile")
    results = list(commune_choices(query, limit=COMMUNE_RESULTS + 1)) if query else []
    return render(
        request,
        "organisations/home_commune.html",
        {
            "current": home_commune_of(request.user),
            "query": query,
            "results": results[:COMMUNE_RESULTS],
            "too_many": len(results) > COMMUNE_RESULTS,
            "error": error,
        },
        status=400 if error else 200,
    )
