import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.outreach.models import Deliverable, DeliverableKind


def png_bytes(width: int = 8, height: int = 6, color: str = "teal") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), "image/png")


def make_deliverable(exercise, kind: str = DeliverableKind.PHOTO, **fields) -> Deliverable:
    defaults = {"title": f"Entregable {kind}"}
    if kind == DeliverableKind.PHOTO:
        defaults |= {"alt_text": "El alcalde habla en la audiencia", "credit": "Prensa Alcaldía"}
    if kind == DeliverableKind.VIDEO:
        defaults |= {"video_url": "https://www.youtube.com/watch?v=demo", "has_captions": True}
    defaults |= fields
    item = Deliverable(exercise=exercise, kind=kind, **defaults)
    if kind != DeliverableKind.VIDEO and not item.file:
        item.file.save("pieza.png", ContentFile(png_bytes()), save=False)
    item.save()
    return item
