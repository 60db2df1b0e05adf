from django.urls import path

from lms.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", views.SignOutView.as_view(), name="logout"),
    path("deconnexion/terminee/", views.signed_out, name="signed_out"),
    path("inscription/", views.sign_up, name="sign_up"),
    path("code/", views.access_code_sign_in, name="access_code"),
    path("inscription/envoye/", views.sign_up_done, name="sign_up_done"),
    path("lien/", views.magic_link_request_view, name="magic_link_request"),
    path("lien/envoye/", views.magic_link_sent, name="magic_link_sent"),
    path("lien/<str:token>/", views.magic_link_landing, name="magic_link_landing"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("mot-de-passe/termine/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("mot-de-passe/changer/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("email/", views.email_change, name="email_change"),
    path("suppression/", views.deletion_request, name="deletion_request"),
    path("donnees/", views.data_export, name="data_export"),
    path("donnees/<id:pk>/", views.data_export_download, name="data_export_download"),
]
