from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verifier/", views.verify_form, name="verify_form"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("attestations/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
    path("attestations/<str:code>/openbadge/", views.openbadge, name="openbadge"),
    path("mon-espace/attestations/etat/", views.dashboard_status, name="dashboard_status"),
    path("mon-espace/attestations/<str:code>/renouveler/", views.renew, name="renew"),
    path(".well-known/jwks.json", views.jwks_view, name="jwks"),
]
