"""Recording that access to information was denied for a request, and on what legal ground
(Ley 1712 de 2014, arts. 18 and 19): what the quarterly requests report counts and explains
as "negada" (Decreto 103 de 2015, art. 52). A question rejected as spam is not a denial."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.questions.models import AccessDenial, Question, Status
from rinde.questions.permissions import can_answer


def record_denial(
    question: Question, *, actor, ground: str, partial: bool, explanation: str, request=None
) -> AccessDenial:
    """Create or correct the question's denial, audited with what changed."""
    if not can_answer(actor, question):
        raise PermissionDenied("department")
    if question.status in (Status.REJECTED, Status.MERGED):
        raise ValidationError(
            _("Una pregunta rechazada o unida a otra no es una solicitud con acceso negado.")
        )
    with transaction.atomic():
        denial = AccessDenial.objects.select_for_update().filter(question=question).first()
        before = (
            {"ground": denial.ground, "partial": denial.partial, "explanation": denial.explanation}
            if denial
            else {}
        )
        denial = denial or AccessDenial(question=question, entity_id=question.entity_id)
        denial.ground, denial.partial, denial.explanation = ground, partial, explanation.strip()
        denial.save()
        after = {"ground": ground, "partial": partial, "explanation": denial.explanation}
        audit.record(
            actor=actor,
            action="questions.denial.record",
            target=question,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            request=request,
        )
        refresh_public_pages()
    return denial


def withdraw_denial(question: Question, *, actor, request=None) -> None:
    """Recorded by mistake: the request counts again as not denied."""
    if not can_answer(actor, question):
        raise PermissionDenied("department")
    with transaction.atomic():
        denial = AccessDenial.objects.select_for_update().filter(question=question).first()
        if denial is None:
            return
        audit.record(
            actor=actor,
            action="questions.denial.withdraw",
            target=question,
            changes={"ground": [denial.ground, None]},
            request=request,
        )
        denial.delete()
        refresh_public_pages()
