"""Upload checks by content, never by file name; where uploads are kept."""

import secrets
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

PDF_SIGNATURE = b"%PDF-"


def sniff(head: bytes) -> str | None:
    """The media type a file's first bytes show, among the ones Rinde accepts."""
    if head.startswith(PDF_SIGNATURE):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_head(uploaded, size: int = 16) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(position)
    return head


def check_upload(uploaded, *, allowed: set[str], max_bytes: int) -> str:
    """Raise a Spanish ValidationError unless the content is one of `allowed` types and
    small enough; return the sniffed media type."""
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo es %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)}
        )
    kind = sniff(read_head(uploaded))
    if kind not in allowed:
        raise ValidationError(
            _(
                "El contenido del archivo no es de un tipo permitido (%(allowed)s), "
                "aunque su nombre lo diga."
            )
            % {"allowed": ", ".join(sorted(t.split("/")[1].upper() for t in allowed))}
        )
    return kind


def validate_image(uploaded) -> None:
    # A stored FieldFile that was not replaced has no new content to check.
    if getattr(uploaded, "_committed", False) and not hasattr(uploaded, "content_type"):
        return
    check_upload(uploaded, allowed={"image/png", "image/jpeg", "image/webp"}, max_bytes=1024 * 1024)


def validate_pdf(uploaded) -> None:
    if getattr(uploaded, "_committed", False) and not hasattr(uploaded, "content_type"):
        return
    check_upload(uploaded, allowed={"application/pdf"}, max_bytes=50 * 1024 * 1024)


class PrivateStorage(FileSystemStorage):
    """File-system storage with no public address: a template that tried to link to one
    of its files fails loudly instead of printing a URL under MEDIA_URL."""

    def url(self, name):
        raise ValueError("Private files have no URL; a staff view must hand them out.")


def private_storage():
    """The storage of files no public address serves (settings.STORAGES["private"]).
    A callable, so the model field follows the settings (tests point it elsewhere)."""
    from django.core.files.storage import storages

    return storages["private"]


@deconstructible
class UnguessablePath:
    """`upload_to` for files uploaded before they are published (draft evidence, draft
    answers' attachments): a random folder per file, so nobody reaches one under MEDIA_URL
    by guessing its name before staff publish it."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        folder = timezone.now().strftime(self.prefix)
        return f"{folder}/{secrets.token_urlsafe(12)}/{Path(filename).name}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
