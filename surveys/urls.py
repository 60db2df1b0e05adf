from django.urls import path

from surveys.views import answering, campaigns, course_answering

app_name = "surveys"

urlpatterns = [
    path("enquetes/", campaigns.index, name="index"),
    path("enquetes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("enquetes/<id:pk>/suivi/", campaigns.follow, name="follow"),
    path("enquetes/<id:pk>/prolonger/", campaigns.extend, name="extend"),
    path("enquetes/<id:pk>/reponses/<id:response_id>/rouvrir/", campaigns.reopen, name="reopen"),
    path("enquetes/<id:pk>/<slug:slug>/", answering.answer, name="answer"),
    path("enquetes/<id:pk>/<slug:slug>/envoi/", answering.review, name="review"),
    path("enquetes/<id:pk>/<slug:slug>/resultats/", answering.results, name="results"),
    path("enquetes/<id:pk>/<slug:slug>/reponses.csv", answering.answers_csv, name="answers_csv"),
    path("formations/<id:course_id>/avis/<slug:kind_slug>/", course_answering.course_answer, name="course_answer"),
    path("organisations/<slug:slug>/enquetes/", answering.organisation_surveys, name="organisation_surveys"),
]
