from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendrier/", views.calendar_page, name="calendar"),
    path("calendrier/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("formations/<id:course_id>/inscription/", views.enrol, name="enrol"),
    path("inscriptions/<id:enrolment_id>/reprendre/", views.resume, name="resume"),
    path("inscriptions/<id:enrolment_id>/quitter/", views.withdraw, name="withdraw"),
    path("modules/<id:module_id>/termine/", views.complete_module, name="complete_module"),
    path("modules/<id:module_id>/quiz/", views.submit_quiz, name="submit_quiz"),
]
