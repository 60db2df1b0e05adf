from django.urls import path

from scenarios.views import attachments, collections, contribute, feedback, open_data, reports

app_name = "scenarios"

# Every first word here is in scenarios.forms.RESERVED_SLUGS: a scenario with that slug would be
# hidden behind the route.
urlpatterns = [
    path("export.json", open_data.export, name="export"),
    path("flux/", open_data.ScenarioFeed(), name="feed"),
    path("proposer/", contribute.propose, name="propose"),
    path("proposer/<id:page_id>/", contribute.proposal_edit, name="proposal_edit"),
    path("proposer/adapter/<id:page_id>/", contribute.adapt, name="adapt"),
    path("pieces-jointes/<id:attachment_id>/", attachments.download, name="attachment"),
    path("retours/<id:scenario_id>/", feedback.feedback_form, name="feedback"),
    path("signaler/<id:scenario_id>/", reports.report_form, name="report"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/nouvelle/", collections.collection_new, name="collection_new"),
    path("collections/ajouter/<id:scenario_id>/", collections.collection_add_scenario, name="collection_add"),
    path("collections/<slug:slug>/", collections.collection_detail, name="collection"),
    path("collections/<slug:slug>/modifier/", collections.collection_edit, name="collection_edit"),
    path("collections/<slug:slug>/supprimer/", collections.collection_confirm_delete, name="collection_delete"),
    path(
        "collections/<slug:slug>/retirer/<id:scenario_id>/",
        collections.collection_remove_item,
        name="collection_remove",
    ),
]
