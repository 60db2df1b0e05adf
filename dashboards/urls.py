from django.urls import path

from dashboards.views import plans, territories

app_name = "dashboards"

# Mounted under /territoires/ (lms/urls.py). A région's code can also be a département's ("84"),
# so the kind is part of the address. The plans' paths come before `<kind>/<code>/`, which
# would otherwise take "plans/<slug>/".
urlpatterns = [
    path("", territories.national, name="national"),
    path("export.csv", territories.national_csv, name="national_csv"),
    path("export.json", territories.national_json, name="national_json"),
    path("plans/", plans.plan_index, name="plan_index"),
    path("plans/potentiels-financiers/", plans.wealth_upload, name="wealth_upload"),
    path("plans/gestion/<id:pk>/", plans.plan_manage, name="plan_manage"),
    path("plans/gestion/<id:pk>/publier/", plans.plan_publish, name="plan_publish"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>.csv", plans.plan_csv, name="plan_csv"),
    path("plans/<slug:slug>.json", plans.plan_json, name="plan_json"),
    path("<str:kind>/<str:code>/", territories.territory, name="territory"),
    path("<str:kind>/<str:code>/export.csv", territories.territory_csv, name="territory_csv"),
    path("<str:kind>/<str:code>/export.json", territories.territory_json, name="territory_json"),
]
