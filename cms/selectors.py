"""Reads about content that more than one part of the cms needs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Model, QuerySet
from django.db.models.functions import Cast

from wagtail.models import Page, ReferenceIndex


def live_pages_using(obj: Model) -> QuerySet[Page]:
    """The live pages whose content refers to `obj` (a document, an image…), as Wagtail's
    reference index records it: chooser blocks, rich-text links and foreign keys alike. One query.

    Wagtail indexes the page row, which for a live page holds its published content (drafts live
    in revisions): these are the files a visitor can meet. A file only a draft uses is not counted.
    """
    references = ReferenceIndex.get_references_to(obj).filter(base_content_type=ContentType.objects.get_for_model(Page))
    # The index keeps object ids as text (any model's key fits), pages have integer keys.
    page_ids = references.annotate(page_id=Cast("object_id", IntegerField())).values("page_id")
    return Page.objects.live().filter(pk__in=page_ids).order_by("title")
