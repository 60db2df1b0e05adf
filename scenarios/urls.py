from django.urls import path

from scenarios.views import open_data

app_name = "scenarios"

urlpatterns = [
    path("export.json", open_data.export, name="export"),
    path("flux/", open_data.ScenarioFeed(), name="feed"),
]
