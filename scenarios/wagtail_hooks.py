"""The moderators' queues for the commons, in the Wagtail admin menu of the Modérateurs group."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from scenarios.access import is_moderator


@hooks.register("register_admin_urls")
def scenario_moderation_urls():
    from scenarios.admin_views import FeedbackDecideView, FeedbackQueueView, ReportCloseView, ReportQueueView

    return [
        path("scenarios/retours/", FeedbackQueueView.as_view(), name="scenarios_admin_feedback"),
        path(
            "scenarios/retours/<id:pk>/decision/", FeedbackDecideView.as_view(), name="scenarios_admin_feedback_decide"
        ),
        path("scenarios/signalements/", ReportQueueView.as_view(), name="scenarios_admin_reports"),
        path("scenarios/signalements/<id:pk>/cloture/", ReportCloseView.as_view(), name="scenarios_admin_report_close"),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return ModeratorMenuItem(
        _("Retours « Je l'ai testé »"), reverse("scenarios_admin_feedback"), icon_name="comment", order=470
    )


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return ModeratorMenuItem(
        _("Signalements de scénarios"), reverse("scenarios_admin_reports"), icon_name="warning", order=480
    )
