"""The shared experiences' moderation queue, in the admin menu of the Modérateurs group."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from relays.experiences_access import is_moderator


@hooks.register("register_admin_urls")
def experience_moderation_urls():
    from relays.experiences_admin import ExperienceDecideView, ExperienceQueueView

    return [
        path("relais/experiences/", ExperienceQueueView.as_view(), name="relays_admin_experiences"),
        path(
            "relais/experiences/<id:pk>/decision/",
            ExperienceDecideView.as_view(),
            name="relays_admin_experience_decide",
        ),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def experience_menu_item():
    return ModeratorMenuItem(
        _("Retours d'expérience des territoires"), reverse("relays_admin_experiences"), icon_name="doc-full", order=490
    )
