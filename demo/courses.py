"""The demo courses of `seed_demo`: JSON files in demo/content/courses/, loaded as Wagtail pages
and published, which fills the tracking rows like any publication (demo/content/README.md)."""

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from cms.blocks import ModuleBodyBlock
from cms.models import CourseIndexPage, CoursePage, ModulePage
from courses.models import Competence, Theme
from lms.organisations.models import Territory

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# Drawn by demo/content/images/make_images.py, so the demo ships no image it may not redistribute.
IMAGES_DIR = CONTENT_DIR / "images"
COURSE_KEYS = {
    "title",
    "slug",
    "summary",
    "cover_image",
    "cover_alt",
    "audiences",
    "themes",
    "territory",
    "level",
    "estimated_minutes",
    "objectives",
    "prerequisites",
    "authors",
    "is_sequential",
    "pass_mark",
    "certificate_validity_months",
    "modules",
}
# A blended course's "at least N hours attended" (a string, such as "3"), absent elsewhere.
OPTIONAL_COURSE_KEYS = {"min_attended_hours"}
MODULE_KEYS = {"title", "slug", "estimated_minutes", "is_required", "body"}
# What the editors' rich text produces (cms.blocks.RICH_TEXT_FEATURES), nothing more.
CONTENT_TAGS = {"p", "br", "b", "i", "ul", "ol", "li", "a"}
TAG = re.compile(r"</?([a-zA-Z0-9]+)")


def html_strings(value) -> list[str]:
    """Every string of a block value that holds HTML (paragraphs and callout bodies)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and "body" in value:
        return [value["body"]]
    return []


@dataclass(frozen=True)
class CourseFile:
    path: Path
    data: dict


def course_files(directory: Path = CONTENT_DIR / "courses") -> list[CourseFile]:
    return [
        CourseFile(path=path, data=json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.json"))
    ]


def _messages(error: ValidationError) -> str:
    if hasattr(error, "block_errors") or hasattr(error, "non_block_errors"):
        return json.dumps(error.as_json_data(), ensure_ascii=False)
    return "; ".join(error.messages)


def course_data_errors(data: dict) -> list[str]:
    """What is wrong with one course file, in words: empty when it loads as is."""
    errors = []
    if not COURSE_KEYS <= set(data) <= COURSE_KEYS | OPTIONAL_COURSE_KEYS:
        errors.append(
            f"course keys: missing {sorted(COURSE_KEYS - set(data))}, "
            f"unknown {sorted(set(data) - COURSE_KEYS - OPTIONAL_COURSE_KEYS)}"
        )
    if data.get("cover_image") and not (IMAGES_DIR / data["cover_image"]).is_file():
        errors.append(f"cover image {data['cover_image']} is not in {IMAGES_DIR}")
    if data.get("cover_image") and not data.get("cover_alt", "").strip():
        errors.append("a cover image needs its alt text (what the image shows)")
    if not 3 <= len(data.get("modules", [])) <= 6:
        errors.append("a course has 3 to 6 modules")
    body_block = ModuleBodyBlock()
    quizzes = 0
    for number, module in enumerate(data.get("modules", []), start=1):
        if set(module) != MODULE_KEYS:
            errors.append(f"module {number} keys: {sorted(set(module) ^ MODULE_KEYS)}")
            continue
        for block in module["body"]:
            for html in html_strings(block["value"]) if block["type"] in ("paragraph", "callout") else []:
                unknown = set(TAG.findall(html)) - CONTENT_TAGS
                if unknown:
                    errors.append(f"module {number} ({module['slug']}): tags not allowed {sorted(unknown)}")
        try:
            body_block.clean(body_block.to_python(module["body"]))
        except ValidationError as error:
            errors.append(f"module {number} ({module['slug']}): {_messages(error)}")
        quizzes += sum(1 for block in module["body"] if block["type"] == "quiz")
    if not quizzes:
        errors.append("a course has at least one quiz")
    return errors


def themes_load() -> dict[str, Theme]:
    """The demo themes, created if missing. Their CRCN competences are filled on a theme that
    has none (a demo database seeded before themes had competences gets them), and left alone
    once an editor has chosen some."""
    themes = {}
    for item in json.loads((CONTENT_DIR / "themes.json").read_text(encoding="utf-8")):
        theme, _created = Theme.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
        if not theme.competences.exists():
            theme.competences.set(Competence.objects.filter(code__in=item["competences"]))
        themes[theme.slug] = theme
    return themes


@transaction.atomic
def demo_courses_load() -> int:
    """Create and publish each course that does not exist yet; return how many were created."""
    index = CourseIndexPage.objects.first()
    if index is None:
        return 0
    themes = themes_load()
    created = 0
    for course_file in course_files():
        data = course_file.data
        existing = CoursePage.objects.filter(slug=data["slug"]).first()
        if existing is not None:
            # A database seeded before the demo had covers gets them now.
            course_cover_add(existing, data)
            continue
        errors = course_data_errors(data)
        if errors:
            raise ValueError(f"{course_file.path.name}: " + " | ".join(errors))
        territory = None
        if data["territory"]:
            territory = Territory.objects.get(kind=data["territory"]["kind"], code=data["territory"]["code"])
        course_page_create(index, data, themes, territory=territory)
        created += 1
    return created


def course_page_create(index, data: dict, themes: dict, *, territory=None, slug: str | None = None) -> CoursePage:
    """Create and publish one course page and its modules from a course file's data."""
    course_page = CoursePage(
        title=data["title"],
        slug=slug or data["slug"],
        summary=data["summary"],
        cover_image=cover_image_get(data),
        cover_alt=data["cover_alt"],
        territory=territory,
        level=data["level"],
        estimated_minutes=data["estimated_minutes"],
        objectives=data["objectives"],
        prerequisites=data["prerequisites"],
        is_sequential=data["is_sequential"],
        pass_mark=data["pass_mark"],
        certificate_validity_months=data["certificate_validity_months"],
        min_attended_hours=Decimal(data["min_attended_hours"]) if data.get("min_attended_hours") else None,
    )
    index.add_child(instance=course_page)
    course_page.audiences.set(data["audiences"])
    course_page.themes.set([themes[theme_slug] for theme_slug in data["themes"]])
    for author in data["authors"]:
        course_page.authors.create(name=author["name"], role=author["role"])
    course_page.save_revision().publish()
    for module in data["modules"]:
        module_page = ModulePage(
            title=module["title"],
            slug=module["slug"],
            estimated_minutes=module["estimated_minutes"],
            is_required=module["is_required"],
            body=ModuleBodyBlock().to_python(module["body"]),
        )
        course_page.add_child(instance=module_page)
        module_page.save_revision().publish()
    return course_page


def cover_image_get(data: dict) -> Image | None:
    """The Wagtail image of a course file's cover, created on the first load and found by its
    title afterwards, so that loading again (or another course page from the same file, as the
    benchmarks do) adds no copy. It sits in the root collection with no uploader: it belongs to
    the demo, not to a trainer who could delete it."""
    if not data["cover_image"]:
        return None
    title = f"Couverture : {data['title']}"
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    path = IMAGES_DIR / data["cover_image"]
    with path.open("rb") as handle:
        image = Image(
            title=title,
            collection=Collection.get_first_root_node(),
            file=ImageFile(handle, name=path.name),
            file_size=path.stat().st_size,
            file_hash=hash_filelike(handle),
        )
        handle.seek(0)
        image.save()
    return image


def course_cover_add(course_page: CoursePage, data: dict) -> bool:
    """Give a demo course loaded before the covers existed its cover, as a new published revision
    (editing the page later starts from that revision, so the cover is not lost). A page with a
    cover, or with a draft someone is writing, is left as it is. Return whether it changed."""
    if course_page.cover_image_id or not data["cover_image"] or not course_page.live:
        return False
    if course_page.has_unpublished_changes:
        return False
    course_page.cover_image = cover_image_get(data)
    course_page.cover_alt = data["cover_alt"]
    course_page.save_revision().publish()
    return True
