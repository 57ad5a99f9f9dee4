"""What is news for subscribers: the worker's half of notifications (tasks.notify). Each
published thing becomes its notifications, and each notification a queued delivery per
active subscriber of its target; a notification's key is unique, so a run twice queues
nobody twice."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rinde.core import formatting
from rinde.core.privacy import mask_personal_data
from rinde.fieldwork.models import FieldComment
from rinde.outreach.models import Bulletin
from rinde.plan.models import ProgressReport, Project, ReportState
from rinde.questions.models import Answer, AnswerState
from rinde.subscriptions.models import Delivery, Notification, Subscription


def build(kind: str, pk: int) -> list[Notification]:
    """The notifications (new ones only) for one published thing, each with a queued
    delivery per active subscriber of its target."""
    news = {
        "bulletin": _bulletin,
        "cut": _cut,
        "answer": _answer,
        "comment_answer": _comment_answer,
    }[kind](pk)
    created = []
    for fields in news:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(**fields)
            except IntegrityError:  # queued already, by an earlier run
                continue
            # A target names something within an entity ("bulletins" is every entity's):
            # the notification's own entity's subscribers only.
            subscribers = Subscription.objects.filter(
                entity=notification.entity_id,
                target=notification.target,
                confirmed_at__isnull=False,
                unsubscribed_at__isnull=True,
            ).values_list("pk", flat=True)
            Delivery.objects.bulk_create(
                [Delivery(notification=notification, subscription_id=s) for s in subscribers],
                ignore_conflicts=True,
                batch_size=1000,
            )
        created.append(notification)
    return created


def _entity_of(exercise) -> dict:
    """The notification's entity: its exercise's when the news has one; else the key's
    default (the entity of the work under way; the worker's, until tasks activate theirs:
    docs/tenancy.md, step 8)."""
    return {"entity_id": exercise.entity_id} if exercise is not None else {}


def _bulletin(pk: int) -> list[dict]:
    bulletin = (
        Bulletin.objects.filter(pk=pk, published_at__isnull=False)
        .select_related("exercise")
        .first()
    )
    if bulletin is None:
        return []
    return [
        {
            **_entity_of(bulletin.exercise),
            "key": f"bulletin:{bulletin.pk}",
            "target": "bulletins",
            "title": bulletin.title,
            "summary": bulletin.lead,
            "path": reverse("outreach:bulletin", args=[bulletin.slug]),
        }
    ]


def _cut(pk: int) -> list[dict]:
    report = (
        ProgressReport.objects.filter(pk=pk, state=ReportState.APPROVED)
        .select_related("plan", "department")
        .first()
    )
    if report is None:
        return []
    projects = Project.objects.filter(progress__report=report) | Project.objects.filter(
        indicators__values__report=report
    )
    month = report.period.strftime("%Y-%m")
    return [
        {
            "key": f"project:{project.pk}:cut:{report.pk}",
            "target": f"project:{project.pk}",
            "title": Truncator(
                _("Nuevo avance publicado: %(project)s") % {"project": project}
            ).chars(300),
            "summary": _("%(department)s publicó su corte de %(month)s (versión %(v)d).")
            % {
                "department": report.department.name,
                "month": formatting.month_year(report.period),
                "v": report.version,
            },
            "path": reverse("plan:project", args=[report.plan.slug, project.code])
            + f"#corte-{month}-v{report.version}",
        }
        for project in projects.distinct().order_by("code")
    ]


def _answer(pk: int) -> list[dict]:
    answer = (
        Answer.objects.filter(pk=pk, state=AnswerState.PUBLISHED)
        .select_related("question__exercise")
        .first()
    )
    if answer is None:
        return []
    question = answer.question
    return [
        {
            **_entity_of(question.exercise),
            "key": f"answer:{answer.pk}",
            "target": f"question:{question.pk}",
            "title": _("Respuesta publicada a la pregunta %(code)s")
            % {"code": question.tracking_code},
            # The public text only: the subscriber may not be the asker.
            "summary": Truncator(mask_personal_data(question.public_text)).chars(400),
            "path": reverse("questions:detail", args=[question.tracking_code]),
        }
    ]


def _comment_answer(pk: int) -> list[dict]:
    comment = FieldComment.objects.filter(pk=pk).select_related("project__plan").first()
    if comment is None or not comment.is_visible or not comment.answer:
        return []
    project = comment.project
    return [
        {
            "key": f"fieldcomment:{comment.pk}:answer",
            "target": f"project:{project.pk}",
            "title": Truncator(
                _("La dependencia respondió un comentario sobre %(project)s") % {"project": project}
            ).chars(300),
            "summary": Truncator(mask_personal_data(comment.answer)).chars(400),
            "path": reverse("fieldwork:comments", args=[project.plan.slug, project.code]),
        }
    ]
