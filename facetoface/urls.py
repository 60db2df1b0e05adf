from django.urls import path

from facetoface.views import attendance, manager, pool, registrations, sessions

app_name = "facetoface"

urlpatterns = [
    path("formateurs/", pool.pool_view, name="pool"),
    path("formateurs/mon-profil/", pool.my_profile, name="my_profile"),
    path("formateurs/ajouter/", pool.trainer_add, name="trainer_add"),
    path("formateurs/<id:pk>/", pool.trainer_detail, name="trainer"),
    path("formateurs/<id:pk>/activation/", pool.trainer_toggle, name="trainer_toggle"),
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/nouvelle/", sessions.session_create, name="session_create"),
    path("sessions/<id:pk>/", sessions.session_detail, name="session"),
    path("sessions/<id:pk>/modifier/", sessions.session_edit, name="session_edit"),
    path("sessions/<id:pk>/annuler/", sessions.session_cancel_view, name="session_cancel"),
    path("sessions/<id:pk>/supprimer/", sessions.session_delete_view, name="session_delete"),
    path("sessions/<id:pk>/inscription/", registrations.register_view, name="register"),
    path("sessions/<id:pk>/presences/", attendance.session_attendance, name="session_attendance"),
    path("sessions/<id:pk>/cloture/", attendance.close_view, name="session_close"),
    path("sessions/<id:pk>/emargement/v<id:version>.pdf", attendance.sheet_download, name="sheet"),
    path("sessions/creneaux/<id:pk>/presences/", attendance.slot_attendance, name="slot_attendance"),
    path("sessions/creneaux/<id:pk>/code/", attendance.slot_qr, name="slot_qr"),
    path("sessions/presence/<str:token>/", attendance.presence, name="presence"),
    path("sessions/inscriptions/<id:pk>/desinscription/", registrations.cancel_view, name="registration_cancel"),
    path("sessions/inscriptions/<id:pk>/confirmer/", registrations.accept_view, name="registration_accept"),
    path("sessions/inscriptions/<id:pk>/agenda.ics", registrations.calendar_view, name="registration_calendar"),
    path("organisations/<slug:slug>/sessions/", manager.sessions_tab, name="organisation_sessions"),
    path("organisations/<slug:slug>/sessions/export.csv", manager.sessions_export, name="organisation_sessions_export"),
    path("organisations/<slug:slug>/sessions/<id:pk>/inscrire/", manager.bulk_register, name="bulk_register"),
    path("organisations/<slug:slug>/sessions/demandes/<id:pk>/", manager.decide_view, name="decide"),
]
