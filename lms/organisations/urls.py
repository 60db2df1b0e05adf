from django.urls import path

from lms.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_members_view, name="members"),
    path("<slug:slug>/membres/<int:membership_id>/fin/", views.membership_end_view, name="membership_end"),
    path("<slug:slug>/membres/<int:membership_id>/role/", views.membership_role_view, name="membership_role"),
]
