"""The Wagtail admin's account page points to the site's own e-mail and password flows, which
confirm by link and go through the outbox (Wagtail's own are turned off in settings)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_account_menu_item")
def site_email_change(request):
    return {
        "url": reverse("accounts:email_change"),
        "label": _("Changer d'adresse e-mail"),
        "help_text": _(
            "Sur votre espace Passerelle : la nouvelle adresse est enregistrée quand vous ouvrez le lien reçu."
        ),
    }


@hooks.register("register_account_menu_item")
def site_password_reset(request):
    return {
        "url": reverse("accounts:password_change"),
        "label": _("Changer de mot de passe"),
        "help_text": _("Sur votre espace Passerelle."),
    }


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    from lms.accounts.admin_views import (
        PrivacyIndexView,
        PrivacyPersonView,
        RetentionReportView,
        StaffExportDownloadView,
    )

    return [
        path("donnees-personnelles/", PrivacyIndexView.as_view(), name="privacy_admin_index"),
        path("donnees-personnelles/<id:pk>/", PrivacyPersonView.as_view(), name="privacy_admin_person"),
        path("donnees-personnelles/exports/<id:pk>/", StaffExportDownloadView.as_view(), name="privacy_admin_export"),
        path("conservation/", RetentionReportView.as_view(), name="privacy_admin_retention"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def privacy_menu_item():
    return SuperuserMenuItem(_("Données personnelles"), reverse("privacy_admin_index"), icon_name="lock", order=900)


@hooks.register("register_reports_menu_item")
def retention_report_menu_item():
    return SuperuserMenuItem(
        _("Conservation des données"), reverse("privacy_admin_retention"), icon_name="history", order=900
    )
