from django.urls import path

from lms.notifications import views

app_name = "notifications"

urlpatterns = [
    path("compte/preferences/", views.preferences, name="preferences"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
