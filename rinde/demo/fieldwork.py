"""Demo control social: a few fictitious comments on an infrastructure project of the
vigente plan, one with a photo (generated, then cleaned as any upload) and one answered by
the department. Idempotent (natural key: the tracking code)."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from rinde.consultations.models import CommentStatus
from rinde.core import files
from rinde.demo import accounts as demo_accounts
from rinde.fieldwork.models import FieldComment
from rinde.plan.models import Plan, Project

BOGOTA = ZoneInfo("America/Bogota")

# (code, name, text, photo description, when, status, moderation reason, answer)
COMMENTS = [
    (
        "CP2023-DEMO01",
        "Vecina de Santa María",
        "Pasé por la obra el sábado: ya terminaron el andén del lado norte, pero el del sur "
        "sigue sin baldosas y la gente camina por la calle.",
        "Andén a medio terminar, con arena y conos naranja",
        datetime(2023, 10, 7, 10, 30, tzinfo=BOGOTA),
        CommentStatus.VISIBLE,
        "",
        "Gracias por el aviso. El contratista termina el andén sur en la semana del 23 de "
        "octubre; la interventoría verificará que quede señalizado mientras tanto.",
    ),
    (
        "CP2023-DEMO02",
        "",
        "Los trabajadores llegan temprano y dejan todo limpio. Lo único: falta un aviso con "
        "el valor del contrato y la fecha de entrega.",
        "",
        datetime(2023, 10, 19, 17, 5, tzinfo=BOGOTA),
        CommentStatus.VISIBLE,
        "",
        "",
    ),
    (
        "CP2023-DEMO03",
        "Carlos",
        "¿Cuándo vuelven a abrir el paso de la calle 36? Llevamos dos semanas dando la vuelta.",
        "",
        datetime(2023, 11, 2, 8, 45, tzinfo=BOGOTA),
        CommentStatus.VISIBLE,
        "",
        "",
    ),
    (
        "CP2023-DEMO04",
        "",
        "Compre materiales baratos en mi tienda, llame ya.",
        "",
        datetime(2023, 11, 3, 12, 0, tzinfo=BOGOTA),
        CommentStatus.HIDDEN,
        "Publicidad.",
        "",
    ),
]


def demo_photo():
    """A drawn street under works: gray road, sidewalk, orange cones."""
    image = Image.new("RGB", (640, 420), "#9fc7e8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 640, 420), fill="#6b6b6b")
    draw.rectangle((0, 220, 640, 250), fill="#c8b89a")
    for x in range(60, 640, 140):
        draw.polygon([(x, 250), (x + 20, 195), (x + 40, 250)], fill="#f28c28")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return files.clean_upload(
        SimpleUploadedFile("obra.jpg", buffer.getvalue(), "image/jpeg"),
        allowed=files.IMAGE_TYPES,
        max_bytes=2_000_000,
    )


def load() -> None:
    plan = Plan.objects.filter(is_current=True).first()
    project = (
        Project.objects.filter(plan=plan, department__code="infraestructura")
        .order_by("code")
        .first()
        if plan
        else None
    )
    if project is None:
        return
    officer = demo_accounts.users("enlace").first()
    for code, name, body, alt, when, status, reason, answer in COMMENTS:
        comment, _created = FieldComment.objects.update_or_create(
            tracking_code=demo_accounts.code(code),
            defaults={
                "project": project,
                "author_name": name,
                "body": body,
                "photo_alt": alt,
                "status": status,
                "moderation_reason": reason,
                "author_key": f"demo-{code}",
                "answer": answer,
                "answered_by": officer if answer else None,
                "answered_at": when + timedelta(days=2) if answer else None,
            },
        )
        if alt and not comment.photo:
            comment.photo = demo_photo()
            comment.photo_name = "obra.jpg"
            comment.save(update_fields=["photo", "photo_name"])
        # created_at is set on insert; the demo's dates are in 2023.
        FieldComment.objects.filter(pk=comment.pk).update(created_at=when)
