"""Declarations for the models of Django and Wagtail that point at our users.

Wagtail and Django know nothing of our registry, so they are declared here, where the registry
lives. Content (pages, images, documents, revisions) belongs to the platform: erasing a person
detaches them from it. Their own traces (profile, comments, subscriptions) are deleted.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare

EDITORIAL = _("Travail éditorial dans l'administration : qui a écrit, modifié ou validé un contenu.")


def declare_third_party_models() -> None:
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
    for label, path, fields in [
        ("wagtailcore.Page", ("owner", "locked_by"), ["title", "first_published_at"]),
        ("wagtailcore.Revision", "user", ["object_str", "created_at"]),
        ("wagtailcore.WorkflowState", "requested_by", ["created_at", "status"]),
        ("wagtailcore.TaskState", "finished_by", ["finished_at", "status"]),
        ("wagtailcore.PageLogEntry", "user", ["label", "action", "timestamp"]),
        ("wagtailcore.ModelLogEntry", "user", ["label", "action", "timestamp"]),
        ("wagtailimages.Image", "uploaded_by_user", ["title", "created_at"]),
        ("wagtaildocs.Document", "uploaded_by_user", ["title", "created_at"]),
        ("wagtailcore.UploadedFile", "uploaded_by_user", ["file"]),
    ]:
        declare(
            model(label),
            user_path=path,
            export_fields=fields,
            on_erasure=Erasure.DETACH,
            retention=None,
            purpose=EDITORIAL,
        )
    for label, path, fields, purpose in [
        ("wagtailcore.Comment", "user", ["text", "created_at"], _("Commentaires éditoriaux.")),
        (
            "wagtailcore.CommentReply",
            "user",
            ["text", "created_at"],
            _("Réponses aux commentaires éditoriaux."),
        ),
        ("wagtailcore.PageSubscription", "user", ["page__title", "comment_notifications"], EDITORIAL),
        ("wagtailcore.APIToken", "user", ["name", "created"], _("Jetons d'accès à l'API.")),
        ("wagtailadmin.EditingSession", "user", ["last_seen_at"], _("Édition en cours d'une page.")),
        (
            "wagtailadmin.FormState",
            "user",
            ["last_updated_at"],
            _("Brouillon de formulaire de l'administration."),
        ),
        ("admin.LogEntry", "user", ["action_time", "object_repr", "change_message"], EDITORIAL),
    ]:
        declare(
            model(label),
            user_path=path,
            export_fields=fields,
            on_erasure=Erasure.DELETE,
            retention=None,
            purpose=purpose,
        )
