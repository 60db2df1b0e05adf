from django.urls import path

from relays.views import directory, experiences, profile

app_name = "relays"

# Mounted under /relais/ (lms/urls.py). The relay page's `<slug>/` comes last: every fixed path
# (the exports, the printable list, experiences/) must be matched before it.
urlpatterns = [
    path("experiences/", experiences.experience_list, name="experiences"),
    path("experiences/<id:pk>/", experiences.experience_detail, name="experience"),
    path("experiences/<id:pk>/modifier/", experiences.experience_edit, name="experience_edit"),
    path("experiences/organisation/<slug:slug>/", experiences.organisation_tab, name="organisation_experiences"),
    path("experiences/organisation/<slug:slug>/nouveau/", experiences.experience_create, name="experience_create"),
    path(
        "experiences/organisation/<slug:slug>/mise-en-avant/<id:pk>/",
        experiences.experience_feature_toggle,
        name="experience_feature",
    ),
    path("", directory.directory, name="directory"),
    path("imprimer/", directory.directory_print, name="directory_print"),
    path("export.json", directory.export_json, name="export_json"),
    path("export.csv", directory.export_csv, name="export_csv"),
    path("gerer/<slug:slug>/", profile.profile_edit, name="profile_edit"),
    path("<slug:slug>/", profile.relay, name="relay"),
]
