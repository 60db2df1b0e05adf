"""Declarations for the models of Django and Wagtail that point at our users.

Wagtail and Django know nothing of our registry, so they are declared here, where the registry
lives. Content (pages, images, documents, revisions) belongs to the platform: erasing a person
detaches them from it. Their own traces (profile, comments, subscriptions) are deleted.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare, register_erasure_listener


def delete_admin_log_about(*, user, stand_in) -> None:
    """Both admins' logs of changes to the person's account carry their name as the label."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    user_type = ContentType.objects.get_for_model(user)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()


EDITORIAL = _("Travail éditorial dans l'administration : qui a écrit, modifié ou validé un contenu.")


EDITORIAL_KEPT = _("Le contenu appartient à la plateforme : il reste, sans le nom de qui l'a écrit ou modifié.")


def declare_third_party_models() -> None:
    register_erasure_listener(delete_admin_log_about)

    def model(label: str):
        return apps.get_model(label)

    declare(
        model("wagtailusers.UserProfile"),
        user_path="user",
        export_fields=["preferred_language", "current_time_zone"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Préférences de l'administration Wagtail."),
    )
    detach, delete = Erasure.DETACH, Erasure.DELETE
    for label, path, fields, on_erasure, purpose in [
        ("wagtailcore.Page", ("owner", "locked_by"), ["title", "first_published_at"], detach, EDITORIAL),
        ("wagtailcore.Revision", "user", ["object_str", "created_at"], detach, EDITORIAL),
        ("wagtailcore.WorkflowState", "requested_by", ["created_at", "status"], detach, EDITORIAL),
        ("wagtailcore.TaskState", "finished_by", ["finished_at", "status"], detach, EDITORIAL),
        ("wagtailcore.PageLogEntry", "user", ["label", "action", "timestamp"], detach, EDITORIAL),
        ("wagtailcore.ModelLogEntry", "user", ["label", "action", "timestamp"], detach, EDITORIAL),
        ("wagtailimages.Image", "uploaded_by_user", ["title", "created_at"], detach, EDITORIAL),
        ("wagtaildocs.Document", "uploaded_by_user", ["title", "created_at"], detach, EDITORIAL),
        ("wagtailcore.UploadedFile", "uploaded_by_user", ["file"], detach, EDITORIAL),
        ("wagtailcore.Comment", "user", ["text", "created_at"], delete, _("Commentaires éditoriaux.")),
        ("wagtailcore.CommentReply", "user", ["text", "created_at"], delete, _("Réponses aux commentaires.")),
        ("wagtailcore.PageSubscription", "user", ["page__title", "comment_notifications"], delete, EDITORIAL),
        ("wagtailcore.APIToken", "user", ["name", "created"], delete, _("Jetons d'accès à l'API.")),
        ("wagtailadmin.EditingSession", "user", ["last_seen_at"], delete, _("Édition en cours d'une page.")),
        ("wagtailadmin.FormState", "user", ["last_updated_at"], delete, _("Brouillon de formulaire.")),
        ("admin.LogEntry", "user", ["action_time", "object_repr", "change_message"], delete, EDITORIAL),
    ]:
        declare(
            model(label),
            user_path=path,
            export_fields=fields,
            on_erasure=on_erasure,
            retention=None,
            purpose=purpose,
            kept_because=EDITORIAL_KEPT if on_erasure is detach else "",
        )
