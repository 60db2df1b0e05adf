from django.urls import path

from scenarios import views

app_name = "scenarios"

urlpatterns = [
    path("export.json", views.export, name="export"),
    path("flux/", views.ScenarioFeed(), name="feed"),
]
