"""Two entities side by side for the isolation test (docs/tenancy.md, step 9).

Entity B, "Alcaldía de San Jerónimo", gets the whole demo (every kind of object the
demo's loaders make: exercises with events, documents, registrations, questions and
answers, a plan with its cuts and evidence, surveys, forums, evaluations, improvement
actions, fieldwork comments, outreach, Transparencia settings, the search index) plus
the rows the demo does not make (holders' requests, subscriptions, an import job, a
quarterly report, an invitation…), all created inside `scoping.activate(B)`. Every
title, name and text of B's rows is prefixed with MARKER, so that a page of A that lists
any of them shows it.

Entity A, "Alcaldía de Tenjo", gets only the parents that make B's children reachable by
address: an exercise and a current plan with the same slugs as B's. An event page at
`/e/tenjo/rendicion/2023/eventos/<B's event>/` then finds A's exercise "2023" and must
still refuse B's event; without A's "2023" the page would answer 404 for the exercise
and prove nothing about the event.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from rinde.accounts.models import Invitation, Role, User
from rinde.accounts.tests.factories import make_user
from rinde.consultations.models import (
    BlockedAuthor,
    Comment,
    CommentStatus,
    Forum,
    Survey,
    SurveyResponse,
)
from rinde.demo import itagui
from rinde.entity import scoping
from rinde.entity.models import Department, Entity, NonWorkingDay
from rinde.entity.tests.factories import make_entity
from rinde.evaluation.models import Answer as EvaluationAnswer
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion
from rinde.exercises.models import Action, Document, Event, Exercise, Registration
from rinde.fieldwork.models import FieldComment
from rinde.holders.models import AccessLink, HolderRequest, RequestKind
from rinde.improvements.models import ImprovementAction
from rinde.outreach.models import (
    ArchiveExport,
    Bulletin,
    Deliverable,
    Episode,
    MediaContact,
    MediaList,
    Piece,
)
from rinde.plan.models import Evidence, ImportJob, Plan, ProgressReport, Project
from rinde.questions.models import Answer as QuestionAnswer
from rinde.questions.models import AnswerAttachment, QuarterlyReport, Question
from rinde.subscriptions.models import Subscription, Topic

MARKER = "SANJERONIMO-ONLY"
# Fields that pages show: every such text field of B's rows gets MARKER in front.
SHOWN_FIELDS = ("title", "name", "text", "summary", "body", "description", "question")
# Not B's rows, or site-wide: users, Django's own tables, the entities themselves.
UNMARKED_APPS = ("auth", "contenttypes", "sessions", "admin", "otp_totp", "django_tasks")
UNMARKED_MODELS = ("accounts.User", "entity.Entity", "entity.Domain", "hosting.EntityFigures")
# A plan slug only B has: the plan's own pages under A must answer 404 for it.
B_ONLY_PLAN_SLUG = "2016-2019"


@dataclass
class World:
    a: Entity
    b: Entity
    a_admin: User
    b_admin: User
    b_objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # world.event, world.survey…: B's objects by name.
        try:
            return self.__dict__["b_objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    # B first: the demo's loader fills the installation's first entity.
    b = make_entity(
        name="Alcaldía de San Jerónimo", municipality="San Jerónimo", slug="sanjeronimo"
    )
    with scoping.activate(b):
        itagui.load()
        # The loader renamed the entity to the demo's; B keeps its own name.
        Entity.objects.filter(pk=b.pk).update(
            name="Alcaldía de San Jerónimo", short_name="", municipality="San Jerónimo"
        )
        b.refresh_from_db()
        b_admin = User.objects.get(username="admin")
        extras = _b_extras(b_admin)
        _mark_every_text()
        b_objects = _b_objects(extras)
    a = make_entity(name="Alcaldía de Tenjo", municipality="Tenjo", slug="tenjo")
    with scoping.activate(a):
        # A's parents at B's addresses (module docstring).
        past = b_objects["past_exercise"]
        Exercise.objects.create(
            year=past.year,
            slug=past.slug,
            title="Rendición de Cuentas de Tenjo",
            starts_on=past.starts_on,
            ends_on=past.ends_on,
            is_published=True,
        )
        b_plan = b_objects["plan"]
        Plan.objects.create(
            name="Plan de Desarrollo de Tenjo",
            start_year=b_plan.start_year,
            end_year=b_plan.end_year,
            slug=b_plan.slug,
            is_current=True,
        )
        a_admin = make_user(Role.ADMIN, username="admin-tenjo")
    missing = [name for name, value in b_objects.items() if value is None]
    assert not missing, f"the world lacks B's {missing}"
    return World(a=a, b=b, a_admin=a_admin, b_admin=b_admin, b_objects=b_objects)


def _b_extras(b_admin: User) -> dict[str, Any]:
    """The rows the demo does not make, in B (the active entity)."""
    now = timezone.now()
    plan = Plan.objects.get(is_current=True)
    b_only_plan = Plan.objects.create(
        name="Plan anterior", start_year=2016, end_year=2019, slug=B_ONLY_PLAN_SLUG
    )
    question = Question.objects.filter(status="answered").earliest("pk")
    project = Project.objects.filter(program__component__line__plan=plan).order_by("pk").first()
    cut = ProgressReport.objects.filter(plan=plan).order_by("pk").first()
    import_job = ImportJob.objects.create(
        kind=ImportJob.Kind.CUT,
        plan=plan,
        report=cut,
        created_by=b_admin,
        file=ContentFile(b"x", name="corte.xlsx"),
        filename="corte.xlsx",
    )
    forum = Forum.objects.earliest("pk")
    blocked = BlockedAuthor.objects.create(forum=forum, author_key="a" * 64, reason="Spam")
    holder_request = HolderRequest.objects.create(
        tracking_code="DP-SANJER1",
        kind=RequestKind.values[0],
        email="titular@example.org",
        details="Solicitud",
        received_on=now.date(),
        term_days=15,
        term_source="Ley 1581 de 2012",
        due_on=now.date() + timedelta(days=21),
    )
    access_link = AccessLink.objects.create(nonce="b" * 32, email="titular@example.org")
    subscription = Subscription.objects.create(
        email="vecina@example.org",
        topic=Topic.QUESTION,
        target=f"question:{question.pk}",
        question=question,
        authorization_version="2026-01",
        authorized_at=now,
        requested_at=now,
    )
    invitation = Invitation.objects.create(
        email="nueva@example.org",
        role=Role.OFFICER,
        nonce="c" * 32,
        invited_by=b_admin,
        expires_at=now + timedelta(days=7),
    )
    quarterly = QuarterlyReport.objects.create(year=2023, quarter=4, data={})
    AnswerAttachment.objects.create(
        answer=QuestionAnswer.objects.filter(question=question).earliest("pk"),
        file=ContentFile(b"%PDF-1.4 anexo", name="anexo.pdf"),
        public_file=ContentFile(b"%PDF-1.4 anexo", name="anexo.pdf"),
        title="Anexo",
        size=14,
    )
    archive_export = ArchiveExport.objects.create(
        exercise=Exercise.objects.get(slug="2023"), requested_by=b_admin
    )
    return {
        "b_only_plan": b_only_plan,
        "import_job": import_job,
        "blocked": blocked,
        "holder_request": holder_request,
        "access_link": access_link,
        "subscription": subscription,
        "invitation": invitation,
        "quarterly": quarterly,
        "archive_export": archive_export,
        "project": project,
        "cut": cut,
    }


def _b_objects(extras: dict[str, Any]) -> dict[str, Any]:
    """One of each kind of B's objects, by name, for the URL registry."""
    exercises = Exercise.objects.order_by("pk")
    past = exercises.get(slug="2023")
    current = exercises.exclude(pk=past.pk).first()
    plan = Plan.objects.get(is_current=True)
    event = Event.objects.filter(exercise=past).order_by("pk").first()
    form = EvaluationForm.objects.order_by("pk").first()
    survey = Survey.objects.order_by("pk").first()
    forum = Forum.objects.order_by("pk").first()
    project = extras["project"]
    return {
        **extras,
        "past_exercise": past,
        "current_exercise": current,
        "plan": plan,
        "line": project.program.component.line,
        "program": project.program,
        "event": event,
        "registration": Registration.objects.filter(event__exercise__in=exercises).first(),
        "document": Document.objects.filter(exercise__in=exercises).order_by("pk").first(),
        "action": Action.objects.filter(stage__exercise__in=exercises).order_by("pk").first(),
        "question": Question.objects.filter(status="answered").order_by("pk").first(),
        "attachment": AnswerAttachment.objects.filter(
            answer__question__in=Question.objects.all()
        ).first(),
        "question_answer": QuestionAnswer.objects.filter(
            question__in=Question.objects.all()
        ).first(),
        "form": form,
        "evaluation_question": EvaluationQuestion.objects.filter(form=form).order_by("pk").first(),
        "evaluation_answer": EvaluationAnswer.objects.filter(response__form=form)
        .exclude(text="")
        .first(),
        "improvement": ImprovementAction.objects.filter(exercise__in=exercises).first(),
        "survey": survey,
        "survey_response": SurveyResponse.objects.filter(survey=survey).first(),
        "forum": forum,
        "comment": Comment.objects.filter(forum=forum).order_by("pk").first(),
        "bulletin": Bulletin.objects.order_by("pk").first(),
        "media_list": MediaList.objects.order_by("pk").first(),
        "media_contact": MediaContact.objects.order_by("pk").first(),
        "piece": Piece.objects.filter(exercise__in=exercises).order_by("pk").first(),
        "episode": Episode.objects.filter(exercise__in=exercises).order_by("pk").first(),
        "deliverable": Deliverable.objects.filter(exercise__in=exercises).order_by("pk").first(),
        "evidence": Evidence.objects.filter(report__plan=plan).order_by("pk").first(),
        "field_comment": FieldComment.objects.filter(
            project__program__component__line__plan=plan, status=CommentStatus.VISIBLE
        ).first(),
        "department": Department.objects.order_by("pk").first(),
        "non_working_day": NonWorkingDay.objects.order_by("pk").first(),
    }


def _mark_every_text() -> None:
    """MARKER in front of every shown text of every row there is: B's only, since A has
    none yet."""
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in UNMARKED_APPS or label in UNMARKED_MODELS:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.name in SHOWN_FIELDS
            and isinstance(f, (models.CharField, models.TextField))
            and not f.choices
        ]
        if names:
            model._base_manager.exclude(**{n: "" for n in names[:1]}).update(
                **{n: Concat(Value(f"{MARKER} "), F(n)) for n in names}
            )
