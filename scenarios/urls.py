from django.urls import path

from scenarios.views import collections, feedback, open_data, reports

app_name = "scenarios"

# Every first word here is in scenarios.forms.RESERVED_SLUGS: no scenario can take it.
urlpatterns = [
    path("export.json", open_data.export, name="export"),
    path("flux/", open_data.ScenarioFeed(), name="feed"),
    path("retours/<int:scenario_id>/", feedback.feedback_form, name="feedback"),
    path("signaler/<int:scenario_id>/", reports.report_form, name="report"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/nouvelle/", collections.collection_new, name="collection_new"),
    path("collections/ajouter/<int:scenario_id>/", collections.collection_add_scenario, name="collection_add"),
    path("collections/<slug:slug>/", collections.collection_detail, name="collection"),
    path("collections/<slug:slug>/modifier/", collections.collection_edit, name="collection_edit"),
    path("collections/<slug:slug>/supprimer/", collections.collection_confirm_delete, name="collection_delete"),
    path(
        "collections/<slug:slug>/retirer/<int:scenario_id>/",
        collections.collection_remove_item,
        name="collection_remove",
    ),
]
