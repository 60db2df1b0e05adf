from django.urls import path

from lms.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", views.SignOutView.as_view(), name="logout"),
]
