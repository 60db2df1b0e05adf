"""What MEDIA_URL reaches: the public files under MEDIA_ROOT, and never the private ones.

One definition for the two readers of MEDIA_URL paths: the public media view
(`lms.runtime.views.public_media`, on under `make run`) and the PDF renderer's URL fetcher
(`lms.pdf`). A path from a URL is percent-decoded by the caller, then:

- every segment must be a plain name: no "..", ".", empty segment (a leading "/"), NUL or
  backslash, whether it was typed or percent-encoded;
- once symlinks are resolved, the file must still be under MEDIA_ROOT, and not under
  PRIVATE_MEDIA_ROOT (attestation PDFs, handed out by a view that checks who asks);
- Wagtail documents (`documents/`) are left out: Wagtail serves them at /documents/<id>/<name>
  after checking the collection's privacy, which a direct URL would skip.
"""

import functools
import os
import re
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

# Folders of MEDIA_ROOT that another view serves after its own checks.
NOT_PUBLIC_FOLDERS = ("documents",)


class PathRefused(ValueError):
    """The path leaves its root, or names something that is not public."""


def require_plain_path(relative: str) -> None:
    """Raise PathRefused unless every segment of `relative` is a plain name."""
    segments = relative.split("/")
    if any(segment in ("", ".", "..") or "\x00" in segment or "\\" in segment for segment in segments):
        raise PathRefused(f"Refused path outside its root: {relative!r}")


def file_under(root: Path, relative: str) -> Path:
    """`root / relative`, once symlinks are resolved, if it is still an existing file under `root`.

    Raises PathRefused for a path that is not plain or leads out of `root`, FileNotFoundError
    when no file is there (a directory is not a file: no listing)."""
    require_plain_path(relative)
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise PathRefused(f"Refused path outside its root: {relative!r}")
    if not path.is_file():
        raise FileNotFoundError(relative)
    return path


def public_media_file(relative: str) -> Path:
    """The public file that MEDIA_URL + `relative` names (see the module docstring)."""
    media_root = Path(settings.MEDIA_ROOT)
    path = file_under(media_root, relative)
    # Compared once symlinks are resolved, and the private folder also in case a misconfiguration
    # puts it inside MEDIA_ROOT (the system check below refuses that at start-up).
    hidden = [(media_root / folder).resolve() for folder in NOT_PUBLIC_FOLDERS]
    hidden.append(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    if any(path.is_relative_to(folder) for folder in hidden):
        raise PathRefused(f"Not public media: {relative!r}")
    return path


def check_private_media_outside_media(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: PRIVATE_MEDIA_ROOT inside MEDIA_ROOT would put attestations within reach of
    a proxy that serves MEDIA_ROOT as a whole, as production setups do."""
    media = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if private.is_relative_to(media):
        return [
            checks.Error(
                f"PRIVATE_MEDIA_ROOT ({private}) is inside MEDIA_ROOT ({media}), whose files may be served to anyone.",
                hint="Point PRIVATE_MEDIA_ROOT and MEDIA_ROOT at two sibling folders, e.g. var/private and var/media.",
                id="runtime.E001",
            )
        ]
    return []


# --- Byte ranges ----------------------------------------------------------------------------
# Chromium asks for a video in ranges ("Range: bytes=…") to seek, and without them cannot seek
# past what it has already downloaded. Django's FileResponse always sends the whole file.
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_CHUNK = 64 * 1024


def byte_ranges(view):
    """Let a view that answers with a FileResponse also answer one `Range: bytes=a-b` with 206."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return with_byte_range(request, view(request, *args, **kwargs))

    return wrapped


def with_byte_range(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """The part of a whole-file response that the request's single byte range asks for.

    Anything else comes back as it was: other responses, several ranges (rare, and a full
    answer is always allowed), a malformed header, and an If-Range that names another version."""
    file = getattr(response, "file_to_stream", None)
    if response.status_code != 200 or file is None or not hasattr(file, "fileno"):
        return response
    response["Accept-Ranges"] = "bytes"
    match = _RANGE.fullmatch(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if not match or (if_range and if_range not in (response.get("ETag"), response.get("Last-Modified"))):
        return response
    size = os.fstat(file.fileno()).st_size
    first, last = match.groups()
    if first and (not last or int(last) >= int(first)):
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    elif last and not first:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        return response  # "bytes=-", or "bytes=9-5", which the RFC says to ignore
    if start >= size:
        response.close()
        unsatisfiable = HttpResponse(status=416)
        unsatisfiable["Content-Range"] = f"bytes */{size}"
        return unsatisfiable
    file.seek(start)
    # FileResponse already holds the file's close(): the new content only reads from it.
    response.streaming_content = _read(file, end - start + 1)
    response.status_code = 206
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response


def _read(file, length: int):
    while length > 0:
        chunk = file.read(min(_CHUNK, length))
        if not chunk:
            return
        length -= len(chunk)
        yield chunk
