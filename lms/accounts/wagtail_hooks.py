"""The Wagtail admin's account page points to the site's own e-mail and password flows, which
confirm by link and go through the outbox (Wagtail's own are turned off in settings)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks


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
