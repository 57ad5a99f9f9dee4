"""Uploads: checked by content, never by file name; cleaned; stored under names Rinde makes.

No upload may ever become active content on the site's origin (issue 14). So every file a
person sends goes through `clean_upload`, which:
- reads the type from the bytes (PNG, JPEG, WebP or PDF; SVG and HTML are never accepted);
- decodes images and re-encodes them with Pillow, which drops whatever rode along (EXIF and
  its GPS position, comments, HTML or script appended after the image data) and refuses
  truncated files and images with more pixels than Rinde ever needs;
- checks a PDF's structure and refuses active content (see `check_pdf`);
- names the result `<random>.<extension of the sniffed type>`; the person's file name is
  kept only as data (`original_name`), shown escaped and offered as the download name.
Whoever serves the files (core.media for Django, nginx in docs/deployment.md) takes the
type from that extension alone and adds `nosniff` and a `sandbox` CSP on top.
"""

import io
import re
import secrets
import zlib
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from rinde.core.storage import FileSystemStorage

PDF_SIGNATURE = b"%PDF-"
PNG, JPEG, WEBP, PDF = "image/png", "image/jpeg", "image/webp", "application/pdf"
IMAGE_TYPES = frozenset({PNG, JPEG, WEBP})
IMAGE_OR_PDF = IMAGE_TYPES | {PDF}
# The only extensions a stored upload may have, with the type served for each.
EXTENSIONS = {PNG: "png", JPEG: "jpg", WEBP: "webp", PDF: "pdf"}
TYPE_NAMES = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP", PDF: "PDF"}
SERVED_TYPES = {"png": PNG, "jpg": JPEG, "jpeg": JPEG, "webp": WEBP, "pdf": PDF}

# A 12-megapixel phone photo is the largest image Rinde needs; 40 MP leaves room for a
# panorama or a scanned poster. Pillow refuses (DecompressionBombError) at twice this, and
# warns above it; `decode_image` refuses above it itself, before decoding a single pixel.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Bytes of decompressed PDF streams scanned for active content, per file.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024

IMAGE_MAX_BYTES = 1024 * 1024
PDF_MAX_BYTES = 50 * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The media type a file's first bytes show, among the ones Rinde accepts."""
    if head.startswith(PDF_SIGNATURE):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    return None


def read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def type_names(allowed, *, conjunction: bool = False) -> str:
    """ "JPEG, PDF, PNG, WEBP"; with `conjunction`, "JPEG, PDF, PNG o WEBP"."""
    names = sorted(TYPE_NAMES[t] for t in allowed)
    if conjunction and len(names) > 1:
        return ", ".join(names[:-1]) + " " + _("o") + " " + names[-1]
    return ", ".join(names)


def check_size(uploaded, max_bytes: int) -> None:
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo es %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)}
        )


def check_type(head: bytes, allowed, name: str = "") -> str:
    """The sniffed type, when allowed. The refusal says "although its name says so" only
    when the name does claim an allowed type (a disguised file); an honest name of a kind
    not taken here (a real .txt) is told which kinds are."""
    kind = sniff(head)
    if kind not in allowed:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if not (extension.isalnum() and len(extension) <= 10):
            extension = ""  # nothing worth echoing back
        if SERVED_TYPES.get(extension) in allowed:
            message = _(
                "El contenido del archivo no es de un tipo permitido (%(allowed)s), "
                "aunque su nombre lo diga."
            ) % {"allowed": type_names(allowed)}
        elif extension:
            message = _(
                "Aquí no se reciben archivos .%(extension)s: envíe un archivo %(allowed)s."
            ) % {"extension": extension, "allowed": type_names(allowed, conjunction=True)}
        else:
            message = _("El archivo no es de un tipo permitido: envíe un archivo %(allowed)s.") % {
                "allowed": type_names(allowed, conjunction=True)
            }
        raise ValidationError(message)
    return kind


# Images -------------------------------------------------------------------------------------

PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}


def too_large_image() -> ValidationError:
    return ValidationError(
        _(
            "La imagen es demasiado grande: tiene más de %(mp)s millones de píxeles. "
            "Redúzcala y súbala de nuevo."
        )
        % {"mp": MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_large",
    )


def check_complete(data: bytes, kind: str) -> None:
    """Raise OSError for a truncated image. Pillow's own check cannot be relied on: WeasyPrint
    sets ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole process when imported, and
    Pillow then pads a cut image with grey instead of refusing it."""
    if kind == PNG:
        Image.open(io.BytesIO(data), formats=["PNG"]).verify()  # every chunk up to IEND
    elif kind == JPEG and data.rfind(b"\xff\xd9") < 4:
        raise OSError("JPEG without its end-of-image marker")
    elif kind == WEBP and int.from_bytes(data[4:8], "little") + 8 > len(data):
        raise OSError("WebP shorter than its RIFF header says")


def decode_image(data: bytes, kind: str) -> Image.Image:
    """The decoded image, or a Spanish ValidationError for a damaged, disguised or huge one."""
    broken = ValidationError(
        _("La imagen está dañada o incompleta; no se pudo leer. Súbala de nuevo."),
        code="image_broken",
    )
    try:
        image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
        # The header alone gives the size: refuse a bomb before decoding any pixel.
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise too_large_image()
        check_complete(data, kind)
        image.load()
    except Image.DecompressionBombError as error:
        raise too_large_image() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise broken from error
    return image


def to_srgb(image: Image.Image) -> Image.Image:
    """The pixels converted from the image's own colour profile to sRGB, so the profile
    need not be kept: an ICC profile is bytes of the uploader's choosing (a script fits in
    one), copied verbatim into the new file if we kept it. A profile that does not convert
    is dropped; the colours may then shift slightly, the picture stays."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    mode = "RGBA" if "A" in image.getbands() else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        converted = image.copy()
    converted.info.pop("icc_profile", None)
    return converted


def reencode_image(data: bytes, kind: str) -> bytes:
    """The image drawn anew in its own format, with nothing of the original file but its
    pixels: no EXIF, GPS, comments, colour profile or trailing bytes."""
    image = decode_image(data, kind)
    # Stripping EXIF drops the orientation tag: turn the pixels first so photos stay upright.
    image = ImageOps.exif_transpose(image)
    image = to_srgb(image)
    options = {}
    out = io.BytesIO()
    if kind == JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True, **options)
    elif kind == PNG:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True, **options)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=88, **options)
    return out.getvalue()


# PDFs ---------------------------------------------------------------------------------------

# Names that make a PDF act rather than show: scripts, launching programs, embedded files
# (which may be anything, HTML included), actions run on opening or on events (/AA), forms
# that post data, rich media. We refuse such files instead of stripping the entries: a
# byte-level edit of a PDF cannot be proved complete (the same action can hide in an object
# stream, behind an indirect reference or a name escaped as /J#61vaScript), while refusing
# is simple to reason about and the entity's reports and minutes never need any of them.
# The person gets a Spanish message telling them to "print to PDF" again. /OpenAction is not
# on the list: word processors use it to open at page 1; when it runs a script or a program,
# the /JavaScript, /JS or /Launch it points to is.
FORBIDDEN_PDF_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "AA",
        "RichMedia",
        "SubmitForm",
        "ImportData",
        "XFA",
    }
)
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
PDF_XREF_TARGET = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")


def pdf_names(data: bytes) -> set[str]:
    """Every name token in `data`, with #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    names = set()
    for match in PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw.decode("latin-1"))
    return names


def inflated_streams(data: bytes, budget: int = PDF_INFLATE_BUDGET):
    """The Flate-decoded content of each stream that decodes, up to `budget` bytes in all:
    object streams (PDF 1.5+) keep dictionaries compressed, actions included."""
    view = memoryview(data)
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        # Up to its `endstream` only: every byte of the file is fed to zlib at most once.
        end = data.find(b"endstream", match.end())
        body = view[match.end() : end if end != -1 else len(data)]
        try:
            chunk = zlib.decompressobj().decompress(body, budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk


def check_pdf(data: bytes) -> None:
    """Raise a Spanish ValidationError unless `data` is a whole PDF without active content.

    A byte-level check, with its limits (docs/deployment.md, "Uploaded files"): it finds the
    header at byte 0, the final `startxref <offset> %%EOF` with nothing after it, and a
    cross-reference table or stream at that offset; it looks for forbidden names in the raw
    bytes and in every Flate-compressed stream (up to PDF_INFLATE_BUDGET). It does not
    decode other filters (LZW, ASCII85…) nor follow the cross-reference chain; what slips
    through is still served with `sandbox` CSP, `nosniff` and as a download."""
    damaged = ValidationError(
        _(
            "El PDF está dañado o incompleto (no tiene la estructura de un PDF). "
            "Guárdelo o expórtelo de nuevo como PDF y súbalo otra vez."
        ),
        code="pdf_broken",
    )
    if not re.match(rb"%PDF-[12]\.\d", data):
        raise damaged
    end = PDF_STARTXREF.search(data[-2048:].rstrip(b"\x00"))
    if end is None:
        raise damaged
    offset = int(end.group(1))
    if offset >= len(data) or not PDF_XREF_TARGET.match(data, offset):
        raise damaged
    names = pdf_names(data)
    for chunk in inflated_streams(data):
        names |= pdf_names(chunk)
    found = sorted(names & FORBIDDEN_PDF_NAMES)
    if found:
        raise ValidationError(
            _(
                "El PDF tiene contenido activo (%(names)s: programas, archivos incrustados o "
                "acciones automáticas), que el portal no publica. Imprímalo de nuevo como PDF "
                "(«Imprimir» › «Guardar como PDF») y súbalo otra vez."
            )
            % {"names": ", ".join(found)},
            code="pdf_active",
        )


# The one entry point ------------------------------------------------------------------------


def generated_name(kind: str) -> str:
    return f"{secrets.token_urlsafe(16)}.{EXTENSIONS[kind]}"


def clean_upload(uploaded, *, allowed=IMAGE_OR_PDF, max_bytes: int) -> ContentFile:
    """The upload made safe to store, or a Spanish ValidationError.

    Returns a ContentFile named `<random>.<ext>` for the sniffed type, with the person's
    file name in `.original_name` and the type in `.content_type`."""
    check_size(uploaded, max_bytes)
    data = read_all(uploaded)
    kind = check_type(data[:16], allowed, getattr(uploaded, "name", "") or "")
    if kind == PDF:
        check_pdf(data)
    else:
        data = reencode_image(data, kind)
    clean = ContentFile(data, name=generated_name(kind))
    clean.original_name = with_extension(original_name(getattr(uploaded, "name", "") or ""), kind)
    clean.content_type = kind
    return clean


def check_upload(uploaded, *, allowed, max_bytes: int) -> str:
    """Raise a Spanish ValidationError unless the content is a sound file of one of the
    `allowed` types, small enough; return the sniffed type. Stores nothing: callers that
    store the file use `clean_upload`, which also re-encodes images."""
    check_size(uploaded, max_bytes)
    data = read_all(uploaded)
    kind = check_type(data[:16], allowed, getattr(uploaded, "name", "") or "")
    if kind == PDF:
        check_pdf(data)
    else:
        decode_image(data, kind)
    return kind


def is_new_upload(uploaded) -> bool:
    # A stored FieldFile that was not replaced has no new content to check.
    return not (getattr(uploaded, "_committed", False) and not hasattr(uploaded, "content_type"))


def validate_image(uploaded) -> None:
    if is_new_upload(uploaded):
        check_upload(uploaded, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)


def validate_pdf(uploaded) -> None:
    if is_new_upload(uploaded):
        check_upload(uploaded, allowed={PDF}, max_bytes=PDF_MAX_BYTES)


def original_name(name: str) -> str:
    """The person's file name, kept as data: no folders, no control characters, 200 chars."""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable())
    return name[-200:]


def with_extension(name: str, kind: str) -> str:
    """The person's file name with the extension of what the file really is: offered as the
    download name, `page.html` that held a JPEG must land on a disk as `page.jpg`, never as
    a page a browser would open from there."""
    stem = PurePosixPath(name).stem if name else ""
    return f"{stem or 'archivo'}.{EXTENSIONS[kind]}"[-200:]


# Model and form fields ----------------------------------------------------------------------


class CleanedUploadField(forms.FileField):
    """A form file field whose cleaned value is `clean_upload`'s safe file."""

    def __init__(self, *, allowed=IMAGE_OR_PDF, max_bytes: int = PDF_MAX_BYTES, **kwargs):
        self.allowed, self.max_bytes = frozenset(allowed), max_bytes
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(sorted(self.allowed)))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and is_new_upload(value) and not hasattr(value, "original_name"):
            value = clean_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
        return value


class CleanedFileField(models.FileField):
    """A model file field whose forms (staff ModelForms and Django admin alike) store only
    `clean_upload`'s output, and copy the person's file name to `name_field` if given."""

    def __init__(self, *args, allowed=IMAGE_OR_PDF, max_bytes=PDF_MAX_BYTES, name_field="", **kw):
        self.allowed, self.max_bytes, self.name_field = frozenset(allowed), max_bytes, name_field
        super().__init__(*args, **kw)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["allowed"] = sorted(self.allowed)
        kwargs["max_bytes"] = self.max_bytes
        if self.name_field:
            kwargs["name_field"] = self.name_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        if isinstance(self.storage, PrivateStorage):
            # A private file has no URL to show as "currently": a plain file input (Django
            # admin's default would ask the storage for one and fail).
            kwargs["widget"] = forms.FileInput
        return super().formfield(
            form_class=CleanedUploadField,
            allowed=self.allowed,
            max_bytes=self.max_bytes,
            **kwargs,
        )

    def validate(self, value, model_instance):
        # A file set on the model directly (a script, a shell) is checked here too; one that
        # came through the form field is already clean.
        super().validate(value, model_instance)
        if value and is_new_upload(value):
            inner = getattr(value, "_file", None)
            if not hasattr(inner, "original_name"):
                check_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)

    def save_form_data(self, instance, data):
        super().save_form_data(instance, data)
        if self.name_field and data and hasattr(data, "original_name"):
            setattr(instance, self.name_field, data.original_name)


# Where uploads are kept ---------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """File-system storage with no public address: a template that tried to link to one
    of its files fails loudly instead of printing a URL under MEDIA_URL."""

    def url(self, name):
        raise ValueError("Private files have no URL; a staff view must hand them out.")


def private_storage():
    """The storage of files no public address serves (settings.STORAGES["private"]).
    A callable, so the model field follows the settings (tests point it elsewhere)."""
    return storages["private"]


def public_storage():
    return storages["default"]


def safe_extension(filename: str) -> str:
    """The stored name's extension: one Rinde serves with a fixed type, or `bin`."""
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    return suffix if suffix in SERVED_TYPES or suffix in PRIVATE_EXTENSIONS else "bin"


# Files only staff download (spreadsheets, CSV, zips) keep their extension in private storage.
PRIVATE_EXTENSIONS = frozenset({"xlsx", "csv", "zip"})


@deconstructible
class GeneratedPath:
    """`upload_to` that never uses the person's file name: `e/<entity id>/<prefix>/<random>.<ext>`,
    the extension one Rinde serves with a fixed type (or `bin`). `prefix` takes strftime
    codes. The entity folder keeps each entity's files apart on disk or in object storage,
    so that they can be counted, exported and removed with it (docs/tenancy.md, step 7);
    a row that reaches no entity (none exists yet) gets the plain `<prefix>/`."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        folder = timezone.now().strftime(self.prefix).rstrip("/")
        entity_id = entity_id_of(instance)
        if entity_id is not None:
            folder = f"e/{entity_id}/{folder}"
        return f"{folder}/{secrets.token_urlsafe(16)}.{safe_extension(filename)}"

    def __eq__(self, other) -> bool:
        return isinstance(other, GeneratedPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def entity_id_of(instance, depth: int = 4) -> int | None:
    """The entity a row belongs to, read from its own key or its parents' (an answer's
    attachment through its answer, question and exercise): the first `entity_id` found
    along its required foreign keys. core names no app, so it walks the keys rather than
    asking the entity app; an Entity row is its own entity."""
    if instance is None:
        return None
    if instance._meta.label == "entity.Entity":
        return instance.pk
    own = getattr(instance, "entity_id", None)
    if own is not None or depth == 0:
        return own
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.null:
            continue
        parent = getattr(instance, field.name, None)
        found = entity_id_of(parent, depth - 1) if parent is not None else None
        if found is not None:
            return found
    return None


@deconstructible
class UnguessablePath:
    """Former `upload_to` (a random folder, then the person's file name); kept because old
    migrations import it. New fields use GeneratedPath."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return GeneratedPath(self.prefix)(instance, filename)

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def copy_to_public(field_file, prefix: str) -> str:
    """Copy a private file to public storage under a generated name; return that name.
    Publishing never moves the original: the private copy stays the record of what was
    uploaded, and unpublishing deletes only the public copy (`remove_public`)."""
    with field_file.open("rb") as handle:
        return public_storage().save(public_name(prefix, field_file.name), handle)


def public_name(prefix: str, stored_name: str) -> str:
    folder = timezone.now().strftime(prefix).rstrip("/")
    return f"{folder}/{secrets.token_urlsafe(16)}.{safe_extension(stored_name)}"


def remove_public(name: str) -> None:
    if name:
        public_storage().delete(name)


def move_to_private(name: str) -> None:
    """Move a file stored publicly under `name` to private storage under the same name.
    For data migrations of files that were public before being published (issue 14)."""
    public, private = public_storage(), private_storage()
    if not name or not public.exists(name):
        return
    if not private.exists(name):
        with public.open(name, "rb") as handle:
            private.save(name, handle)
    public.delete(name)


def publish_private_files(model, *, published, prefix: str) -> None:
    """Data migration step: move every `model` row's `file` to private storage and give the
    rows matching `published` (a Q) a public copy under a generated name in `public_file`."""
    for row in model.objects.exclude(file="").iterator():
        move_to_private(row.file.name)
    private = private_storage()
    for row in model.objects.filter(published).exclude(file="").filter(public_file=""):
        if not private.exists(row.file.name):
            continue
        with private.open(row.file.name, "rb") as handle:
            name = public_storage().save(public_name(prefix, row.file.name), handle)
        model.objects.filter(pk=row.pk).update(public_file=name)
