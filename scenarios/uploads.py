"""What a contributed file is, read from its content and never from its name or the browser's
word for it; images are re-encoded, so that what is served is pixels we wrote, without the
camera's metadata (place, device) or anything hidden after the image data."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from PIL import Image, ImageOps

from scenarios.models.attachments import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, AttachmentKind

# The first entry of an ODF package is a stored "mimetype" file naming the document type.
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": AttachmentKind.ODT,
    "application/vnd.oasis.opendocument.presentation": AttachmentKind.ODP,
}
# The part an Office Open XML package cannot do without, per type.
OOXML_PARTS = {"word/document.xml": AttachmentKind.DOCX, "ppt/presentation.xml": AttachmentKind.PPTX}
IMAGE_FORMATS = {AttachmentKind.PNG: "PNG", AttachmentKind.JPEG: "JPEG"}
EXTENSIONS = {kind: kind.value for kind in AttachmentKind}


@dataclass(frozen=True)
class CheckedFile:
    kind: AttachmentKind
    content: bytes
    name: str


def sniff_kind(head: bytes, data: bytes) -> AttachmentKind | None:
    """The kind of a file from its bytes, or None for anything we do not take."""
    if head.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> AttachmentKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                return ODF_TYPES.get(package.read("mimetype")[:100].decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def reencode_image(data: bytes, kind: AttachmentKind) -> bytes:
    """The image drawn again by Pillow, in its own format: raises ValidationError for a file
    that only looks like an image, or one too large to open safely (Pillow's bomb guard)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as opened:
            drawn: Image.Image = ImageOps.exif_transpose(opened)  # its orientation, before EXIF goes
            if kind == AttachmentKind.JPEG and drawn.mode not in ("RGB", "L"):
                drawn = drawn.convert("RGB")
            output = io.BytesIO()
            drawn.save(output, format=IMAGE_FORMATS[kind], optimize=True)
            return output.getvalue()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Cette image est illisible ou trop grande : enregistrez-la de nouveau.")) from error


def clean_name(name: str, kind: AttachmentKind) -> str:
    """The file's name as typed, with the extension of what it really is."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0].strip() or _("piece-jointe")
    return f"{stem[:150]}.{EXTENSIONS[kind]}"


def check_upload(upload: UploadedFile, *, already: int) -> CheckedFile:
    """Raise a French ValidationError for a file we refuse: one too many, too large, or of a type
    we do not take (whatever its name says)."""
    if already >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("Un scénario a au plus %(count)s pièces jointes : retirez-en une avant d'en ajouter une autre.")
            % {"count": MAX_ATTACHMENTS}
        )
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Ce fichier dépasse %(size)s Mo : allégez-le ou partagez un lien vers lui dans une étape.")
            % {"size": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    kind = sniff_kind(data[:16], data)
    if kind is None:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté. Formats possibles : PDF, texte (ODT, DOCX), "
                "présentation (ODP, PPTX), image (PNG, JPEG)."
            )
        )
    if kind in IMAGE_FORMATS:
        data = reencode_image(data, kind)
    return CheckedFile(kind=kind, content=data, name=clean_name(upload.name or "", kind))
