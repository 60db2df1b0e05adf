""" "Mes scénarios" on /mon-espace/: what the person proposed or adapted, and where each stands."""

from typing import cast

from django.http import HttpRequest

from courses.dashboard_sections import DashboardSection
from lms.accounts.models import User
from scenarios.access import contributors
from scenarios.selectors import my_scenarios


def my_scenarios_context(request: HttpRequest) -> dict:
    user = cast(User, request.user)  # /mon-espace/ requires a sign-in
    scenarios = my_scenarios(user)
    # Someone who wrote nothing and may not write sees nothing: the section is for contributors.
    # (contributors() asks in one query where can_contribute takes two: this is on every /mon-espace/.)
    shown = bool(scenarios) or contributors().filter(pk=user.pk).exists()
    return {"scenarios": scenarios, "shown": shown}


my_scenarios_section = DashboardSection(
    code="scenarios", template_name="scenarios/dashboard_section.html", context=my_scenarios_context, order=20
)
