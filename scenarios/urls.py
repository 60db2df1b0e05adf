from django.urls import path

from scenarios.views import attachments, contribute, open_data

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
]
