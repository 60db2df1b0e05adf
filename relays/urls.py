from django.urls import path

from relays.views import directory, profile

app_name = "relays"

# Mounted under /relais/ (lms/urls.py). The relay page's `<slug>/` comes last: every fixed path
# (the exports, the printable list, experiences/) must be matched before it.
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("imprimer/", directory.directory_print, name="directory_print"),
    path("export.json", directory.export_json, name="export_json"),
    path("export.csv", directory.export_csv, name="export_csv"),
    path("gerer/<slug:slug>/", profile.profile_edit, name="profile_edit"),
    path("<slug:slug>/", profile.relay, name="relay"),
]
