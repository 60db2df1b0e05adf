"""The relay page (public) and its editing from the manager space."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.accounts.http import AuthenticatedHttpRequest
from relays.access import access_editable_profile, access_relay_page
from relays.profile_forms import EDITABLE_FIELDS, RelayProfileForm
from relays.selectors import relay_collections, relay_recommended_courses, relay_results, relay_upcoming_sessions
from relays.services.profiles import relay_profile_save


def relay(request: HttpRequest, slug: str) -> HttpResponse:
    profile = access_relay_page(request.user, slug)
    organisation = profile.organisation
    return render(
        request,
        "relays/relay.html",
        {
            "profile": profile,
            "organisation": organisation,
            "sessions": relay_upcoming_sessions(organisation),
            "collections": relay_collections(organisation),
            "courses": relay_recommended_courses(profile),
            "results": relay_results(organisation),
        },
    )


@login_required
def profile_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation, profile = access_editable_profile(request.user, slug)
    if profile is None:
        return render(request, "relays/profile_unavailable.html", {"organisation": organisation})
    initial = {"recommended_courses": list(profile.recommended_courses.all())} if profile.pk else {}
    form = RelayProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        courses = [course.pk for course in form.cleaned_data["recommended_courses"]]
        changed = relay_profile_save(profile=profile, values=values, course_ids=courses, actor=request.user)
        if changed:
            messages.success(request, _("Profil public enregistré : les modifications sont visibles dès maintenant."))
        else:
            messages.info(request, _("Aucune modification."))
        return redirect("relays:profile_edit", slug=organisation.slug)
    return render(request, "relays/profile_edit.html", {"organisation": organisation, "profile": profile, "form": form})
