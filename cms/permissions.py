"""Who may delete documents and images.

Wagtail's collection ownership policy lets the uploader edit and delete their own files, and
anyone with "change" on a collection edit and delete every file in it. Trainers hold "add" and
"choose" only (cms/migrations/0007), so they act on their own uploads; moderators hold "change"
and "delete". On top of that, nobody — moderators and superusers included — deletes a file
that a live page shows: learners would meet a broken video or a missing handout.

Every way Wagtail deletes a file asks this policy for the instance (the delete view, the bulk
delete, the multiple-upload form, the admin API), so the rule holds on all of them; the delete
views of cms/admin_views.py only add the French explanation.
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from cms.selectors import live_pages_using


class MediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and live_pages_using(instance).exists():
            actions = [action for action in actions if action != "delete"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_may_delete_if_unused(self, user, instance) -> bool:
        """Wagtail's own answer, before the live-page rule."""
        return super().user_has_any_permission_for_instance(user, ["delete"], instance)


def register_media_policies() -> None:
    """Replace Wagtail's policies for documents and images (same arguments as
    wagtail.documents.get_permission_policy and wagtail.images.get_permission_policy).

    Registered for the exact classes, which the registry consults before the class-and-subclasses
    entries that wagtail.documents and wagtail.images register in their ready(): that runs after
    ours (and wagtail_hooks modules may be imported before it, by wagtail.snippets)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    media = [(get_document_model(), "wagtaildocs.Document"), (get_image_model(), "wagtailimages.Image")]
    for model, auth_model in media:
        register_permission_policy(
            model,
            MediaPermissionPolicy(model, auth_model=auth_model, owner_field_name="uploaded_by_user"),
            exact_class=True,
        )
