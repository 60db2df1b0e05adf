from django.urls import path

from lms.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("demande/", views.request_start, name="request_start"),
    path("demande/nouvelle/", views.request_new, name="request_new"),
    path("demande/<id:pk>/", views.request_existing, name="request_existing"),
    path("demandes/", views.review_list, name="review_list"),
    path("demandes/<id:pk>/", views.review_decide, name="review_decide"),
    path("invitations/<id:pk>/reponse/", views.invitation_answer_view, name="invitation_answer"),
    path("<slug:slug>/", views.organisation_members_view, name="members"),
    path("<slug:slug>/inviter/", views.invitation_create_view, name="invite"),
    path("<slug:slug>/journal/", views.journal_view, name="journal"),
    path("<slug:slug>/groupes/", views.groups_view, name="groups"),
    path("<slug:slug>/groupes/<id:group_id>/", views.group_edit_view, name="group_edit"),
    path("<slug:slug>/groupes/<id:group_id>/suppression/", views.group_delete_view, name="group_delete"),
    path(
        "<slug:slug>/invitations/<id:invitation_id>/retrait/",
        views.invitation_withdraw_view,
        name="invitation_withdraw",
    ),
    path("<slug:slug>/comptes-sans-email/", views.code_accounts_view, name="code_accounts"),
    path("<slug:slug>/membres/<id:membership_id>/code/", views.code_account_renew_view, name="code_renew"),
    path("<slug:slug>/membres/<id:membership_id>/fin/", views.membership_end_view, name="membership_end"),
    path("<slug:slug>/membres/<id:membership_id>/role/", views.membership_role_view, name="membership_role"),
]
