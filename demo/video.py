"""The demo's captioned video: a short slideshow of the course covers (content/video/, built by
make_video.py), shown in the first module of the parents' course so that the video block, its
captions, its transcript and its poster can be seen without staff uploading anything.

Idempotent: the documents are found by title, and the block is added (as a new published
revision) only to a live module that has no video yet and no draft in progress."""

from pathlib import Path

from django.core.files import File
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from cms.models import CoursePage, ModulePage
from demo.courses import CONTENT_DIR, course_files, cover_image_get

VIDEO_DIR = CONTENT_DIR / "video"
NAME = "passerelle-en-images"
TITLE = "Passerelle en images : une formation pour chacun"
COURSE_SLUG = "accompagner-son-enfant-sur-internet"


def demo_document(path: Path, title: str):
    """A Wagtail document of the demo, in the root collection with no uploader, found by title."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).order_by("pk").first()
    if document is not None:
        return document
    with path.open("rb") as handle:
        document = document_model(
            title=title,
            collection=Collection.get_first_root_node(),
            file=File(handle, name=path.name),
            file_size=path.stat().st_size,
            file_hash=hash_filelike(handle),
        )
        handle.seek(0)
        document.save()
    return document


def video_block_value() -> dict:
    """The block's raw value: the MP4, the WebM beside it, the captions, the course cover as
    poster (the video's first frame) and the hand-written transcript."""
    course = next(course_file.data for course_file in course_files() if course_file.data["slug"] == COURSE_SLUG)
    poster = cover_image_get(course)
    if poster is None:  # the course file names its cover, and a test checks that every one does
        raise ValueError(f"{COURSE_SLUG} has no cover to use as the video's poster.")
    return {
        "title": TITLE,
        "video": demo_document(VIDEO_DIR / f"{NAME}.mp4", f"Vidéo : {TITLE} (MP4)").pk,
        "alternative": demo_document(VIDEO_DIR / f"{NAME}.webm", f"Vidéo : {TITLE} (WebM)").pk,
        "captions": demo_document(VIDEO_DIR / f"{NAME}.vtt", f"Sous-titres : {TITLE}").pk,
        "poster": poster.pk,
        "transcript": (VIDEO_DIR / f"{NAME}.html").read_text(encoding="utf-8"),
    }


@transaction.atomic
def demo_video_add() -> bool:
    """Put the video after the first paragraph of the course's first module; return whether it
    was added now."""
    course_page = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course_page is None:
        return False
    module_page = ModulePage.objects.child_of(course_page).live().order_by("path").first()
    if module_page is None or module_page.has_unpublished_changes:
        return False
    if any(block.block_type == "video" for block in module_page.body):
        return False
    data = list(module_page.body.get_prep_value())
    data.insert(1, {"type": "video", "value": video_block_value()})
    module_page.body = data
    module_page.save_revision().publish()
    return True
