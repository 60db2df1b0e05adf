from django.urls import path

from lms.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_members_view, name="members"),
    path("<slug:slug>/comptes-sans-email/", views.code_accounts_view, name="code_accounts"),
    path("<slug:slug>/membres/<int:membership_id>/code/", views.code_account_renew_view, name="code_renew"),
    path("<slug:slug>/membres/<int:membership_id>/fin/", views.membership_end_view, name="membership_end"),
    path("<slug:slug>/membres/<int:membership_id>/role/", views.membership_role_view, name="membership_role"),
]
