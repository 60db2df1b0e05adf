"""The module page's content blocks, rendered once per page revision and language in each
process (issue 35: rendering them was half of a signed-in learner's template time, the same for
every learner of the revision). Only blocks whose output depends on their value alone are kept
(LEARNER_INDEPENDENT): a quiz shows the learner's attempts and a CSRF token, the scenarios block
reads the catalogue; those render on every request.

The key holds the page's live revision: a publication is a new key in every process, and this
process also forgets everything at once when it publishes (cms.cache._bump). What a block shows
of another object without a new revision of this page (a document's title, a linked page's URL)
is at most TIMEOUT old in another process, as the page cache's own bound (cms/cache.py)."""

import threading
import time
from collections import OrderedDict

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

LEARNER_INDEPENDENT = frozenset({"heading", "paragraph", "callout", "figure", "video", "document", "resource"})
SIZE = 4000  # blocks per process: about 1 KB each
TIMEOUT = 600  # seconds, as cms.cache.TIMEOUT (which imports this module to clear it)


class _Blocks:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[tuple, tuple[float, SafeString]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> SafeString | None:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > TIMEOUT:
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return found[1]

    def put(self, key: tuple, html: SafeString) -> None:
        with self.lock:
            self.items[key] = (time.monotonic(), html)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_blocks = _Blocks(SIZE)


def block_cache_clear() -> None:
    _blocks.clear()


def _render(context, block) -> SafeString:
    # As {% include_block block with block_id=block.id %}: the page's context, plus the id.
    new_context = context.flatten()
    new_context["block_id"] = block.id
    return block.render_as_block(context=new_context)


def _cacheable(request, page, block_type: str, block_id: str | None) -> tuple | None:
    """The block's key in this process's copy, or None when it renders on every request."""
    revision = page.live_revision_id
    if block_type not in LEARNER_INDEPENDENT or revision is None or not block_id:
        return None
    if getattr(request, "is_preview", False):
        return None
    return (page.pk, revision, translation.get_language(), block_id)


def rendered_block(context, page, block) -> SafeString:
    """The block's HTML, from this process's copy when the page is live and not previewed."""
    key = _cacheable(context.get("request"), page, block.block_type, block.id)
    if key is None:
        return _render(context, block)
    html = _blocks.get(key)
    if html is None:
        html = mark_safe(_render(context, block))  # noqa: S308 (the block's own rendered template)
        _blocks.put(key, html)
    return html


def rendered_body(context, page) -> SafeString:
    """The page's body, block after block. A stream read from the database is converted only
    for the blocks not kept here (converting a paragraph cleans its HTML again, a twentieth of
    a learner's request): a kept block needs only its type and id, which its raw data holds."""
    body = page.body
    request = context.get("request")
    parts = []
    for index in range(len(body)):
        html = None
        if body.is_lazy:
            raw = body.raw_data[index]
            key = _cacheable(request, page, raw["type"], raw.get("id"))
            html = _blocks.get(key) if key is not None else None
        parts.append(html if html is not None else rendered_block(context, page, body[index]))
    return mark_safe("".join(parts))  # noqa: S308 (each block's own rendered template)
