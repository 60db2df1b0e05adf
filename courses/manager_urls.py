"""The manager space's tabs that live with the enrolments (Inscriptions, Suivi, Export, Import),
included once in lms/urls.py under /organisations/<slug>/. The names are not namespaced: templates
and tests reverse them as `organisation_…`. The members file sits with the Export tab, so its
route is declared here too, with the view from lms.organisations."""

from django.urls import path

from courses import import_views, manager_views
from lms.organisations.views import members as member_views

urlpatterns = [
    path("inscriptions/", manager_views.enrolments_tab, name="organisation_enrolments"),
    path("inscriptions/<id:enrolment_id>/retrait/", manager_views.withdraw_view, name="organisation_withdraw"),
    path("export/", manager_views.export_tab, name="organisation_export_tab"),
    path("export/inscriptions.csv", manager_views.export_view, name="organisation_export"),
    path("export/membres.csv", member_views.members_export_view, name="organisation_members_export"),
    path("suivi/", manager_views.progress_tab, name="organisation_progress"),
    path("suivi/membres/<id:membership_id>/", manager_views.person_view, name="organisation_person"),
    path(
        "suivi/membres/<id:membership_id>/relance/<id:enrolment_id>/",
        manager_views.nudge_view,
        name="organisation_nudge",
    ),
    path("import/", import_views.import_tab, name="organisation_import"),
    path("import/exemple.csv", import_views.import_sample, name="organisation_import_sample"),
    path("import/<id:import_id>/", import_views.import_detail, name="organisation_import_detail"),
    path("import/<id:import_id>/etat/", import_views.import_status, name="organisation_import_status"),
    path("import/<id:import_id>/confirmation/", import_views.import_confirm_view, name="organisation_import_confirm"),
    path("import/<id:import_id>/codes/", import_views.import_codes_view, name="organisation_import_codes"),
]
