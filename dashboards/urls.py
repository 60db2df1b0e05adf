from django.urls import path

from dashboards.views import territories

app_name = "dashboards"

# Mounted under /territoires/ (lms/urls.py). A région's code can also be a département's ("84"),
# so the kind is part of the address.
urlpatterns = [
    path("", territories.national, name="national"),
    path("export.csv", territories.national_csv, name="national_csv"),
    path("export.json", territories.national_json, name="national_json"),
    path("<str:kind>/<str:code>/", territories.territory, name="territory"),
    path("<str:kind>/<str:code>/export.csv", territories.territory_csv, name="territory_csv"),
    path("<str:kind>/<str:code>/export.json", territories.territory_json, name="territory_json"),
]
