"""What the holder's-rights page (Ley 1581) needs from project comments: a person's own
comments by their e-mail, and their anonymization on a deletion request. The comment's
text and photo stay (a public record of control social, already shown with personal data
masked); the name, the address and the authorization go."""

from django.db import transaction
from django.utils import timezone

from rinde.fieldwork.models import FieldComment


def field_comments_for(email: str) -> list[dict]:
    """Every project comment tied to `email`, as plain data (for the page and its JSON/CSV
    download): staff-side values, the person's own data included."""
    rows = (
        FieldComment.objects.of_email(email).select_related("project").order_by("created_at", "pk")
    )
    return [
        {
            "tracking_code": c.tracking_code,
            "project": str(c.project),
            "created_at": c.created_at.isoformat(),
            "author_name": c.author_name,
            "author_email": c.author_email,
            "data_authorized_at": c.data_authorized_at.isoformat() if c.data_authorized_at else "",
            "authorization_version": c.authorization_version,
            "body": c.body,
            "photo": c.photo_name,
            "status": c.get_status_display(),
            "answer": c.answer,
        }
        for c in rows
    ]


@transaction.atomic
def anonymize_field_comments(email: str) -> int:
    """Strip the name, address and authorization from every comment tied to `email`;
    returns how many. The caller records the request in the audit trail."""
    return FieldComment.objects.of_email(email).update(
        author_name="",
        author_email="",
        data_authorized_at=None,
        authorization_version="",
        anonymized_at=timezone.now(),
    )
