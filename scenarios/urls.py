from django.urls import path

from scenarios.views import attachments, contribute, open_data

app_name = "scenarios"

# Every first word here is in scenarios.forms.RESERVED_SLUGS: a scenario with that slug would be
# hidden behind the route.
urlpatterns = [
    path("export.json", open_data.export, name="export"),
    path("flux/", open_data.ScenarioFeed(), name="feed"),
    path("proposer/", contribute.propose, name="propose"),
    path("proposer/<int:page_id>/", contribute.proposal_edit, name="proposal_edit"),
    path("proposer/adapter/<int:page_id>/", contribute.adapt, name="adapt"),
    path("pieces-jointes/<int:attachment_id>/<str:name>", attachments.download, name="attachment"),
]
