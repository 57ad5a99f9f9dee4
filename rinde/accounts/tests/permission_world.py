"""A small world with one object of every kind a staff URL names, for the permission matrix.

Objects that belong to a department belong to `department`; the officer of
`other_department` must be kept away from all of them. Built once per test module.
"""

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from rinde.accounts.models import Invitation, Role
from rinde.accounts.tests.factories import make_device, make_user
from rinde.consultations.models import BlockedAuthor, Comment, Forum, Survey, SurveyOption
from rinde.entity.models import NonWorkingDay
from rinde.entity.tests.factories import make_department, make_entity
from rinde.evaluation import services as evaluation_services
from rinde.evaluation.models import Answer, QuestionKind, Response
from rinde.exercises.models import (
    Action,
    Document,
    DocumentKind,
    Element,
    Event,
    EventKind,
    Exercise,
    OversightCommittee,
    Registration,
    RegistrationKind,
    Stage,
    StageKind,
)
from rinde.fieldwork.models import FieldComment
from rinde.improvements.models import ImprovementAction, Origin
from rinde.outreach.models import (
    ArchiveExport,
    Bulletin,
    Channel,
    DeliverableKind,
    Episode,
    ExportStatus,
    MediaList,
    Piece,
)
from rinde.outreach.tests.factories import make_deliverable, png_bytes
from rinde.plan import services as plan_services
from rinde.plan.models import Evidence, ImportJob
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions import services as questions_services
from rinde.questions.models import AnswerAttachment, Question, Status
from rinde.questions.tests.factories import make_question

# The columns of the matrix, in order. `officer` acts for `department`, where every
# department-scoped object lives; `stranger` is an officer of `other_department`.
ROLES = (
    "anonymous",
    "citizen",
    "admin",
    "ict",
    "communications",
    "planning",
    "officer",
    "stranger",
    "oversight",
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.entity = make_entity()
    w.department = make_department("Secretaría de Infraestructura", code="infraestructura")
    w.other_department = make_department("Secretaría de Salud", code="salud")
    w.users = {
        "anonymous": None,
        "citizen": make_user(Role.CITIZEN),
        "admin": make_user(Role.ADMIN),
        "ict": make_user(Role.ICT),
        "communications": make_user(Role.COMMUNICATIONS),
        "planning": make_user(Role.PLANNING),
        "officer": make_user(Role.OFFICER, departments=[w.department]),
        "stranger": make_user(Role.OFFICER, departments=[w.other_department]),
        "oversight": make_user(Role.OVERSIGHT),
    }
    for user in w.users.values():
        if user is not None and user.role != Role.CITIZEN:
            make_device(user)
    planning, officer = w.users["planning"], w.users["officer"]
    now = timezone.now()

    # The exercise, its hearing (running now, so its evaluation form is open) and a stage.
    w.exercise = Exercise.objects.create(
        year=2023,
        title="Rendición de Cuentas 2023",
        starts_on=date(2023, 1, 16),
        ends_on=date(2024, 1, 31),
        is_published=True,
    )
    w.event = Event.objects.create(
        exercise=w.exercise,
        kind=EventKind.HEARING,
        title="Audiencia pública",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    stage, _ = Stage.objects.get_or_create(exercise=w.exercise, kind=StageKind.EXECUTION)
    w.action = Action.objects.create(
        stage=stage,
        description="Publicar el informe",
        element=Element.INFORMATION,
        department=w.department,
    )
    # An unpublished draft: nobody outside the staff who manage documents may see it.
    w.document = Document(
        exercise=w.exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión (borrador)",
        date=date(2023, 12, 1),
        summary="Borrador",
    )
    w.document.file.save("informe.pdf", ContentFile(PDF), save=False)
    w.document.save()
    w.committee = OversightCommittee.objects.create(name="Veeduría de la vía")
    w.committee.members.add(w.users["oversight"])
    w.registration = Registration.objects.create(
        event=w.event,
        kind=RegistrationKind.ATTEND,
        code="MATRIZ01",
        name="Ana Pérez",
        data_consent_version="1",
    )

    # Evaluation: the default form, one response with a free-text answer.
    w.evaluation_form = evaluation_services.create_form(event=w.event, actor=planning)
    text_question = w.evaluation_form.questions.filter(kind=QuestionKind.TEXT).first()
    response = Response.objects.create(form=w.evaluation_form)
    w.evaluation_answer = Answer.objects.create(
        response=response, question=text_question, text="Más tiempo"
    )

    # Consultations: a survey, a forum and one comment.
    window = {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=1)}
    w.survey = Survey.objects.create(exercise=w.exercise, question="¿Qué temas?", **window)
    SurveyOption.objects.create(survey=w.survey, order=1, label="Vías")
    w.forum = Forum.objects.create(exercise=w.exercise, question="¿Qué opina?", **window)
    w.comment = Comment.objects.create(forum=w.forum, author_key="k", body="Buen informe.")
    w.block = BlockedAuthor.objects.create(forum=w.forum, author_key="bloqueado", reason="Spam")

    w.improvement = ImprovementAction.objects.create(
        exercise=w.exercise,
        description="Más tiempo para preguntas",
        origin=Origin.OTHER,
        origin_detail="Mesa de trabajo",
        department=w.department,
        due_on=date(2024, 6, 30),
        created_by=planning,
    )

    # Outreach: a piece, a bulletin, a media list, a deliverable and a finished zip.
    channel, _ = Channel.objects.get_or_create(name="Redes sociales")
    w.piece = Piece.objects.create(
        exercise=w.exercise,
        title="Invitación",
        channel=channel,
        starts_on=date(2023, 11, 1),
        ends_on=date(2023, 12, 15),
    )
    w.episode = Episode.objects.create(
        exercise=w.exercise, aired_on=date(2023, 11, 4), tv_channel="Canal local", topics="Obras"
    )
    w.bulletin = Bulletin.objects.create(
        title="Boletín", slug="boletin-matriz", lead="Entrada", body="<p>Cuerpo</p>"
    )
    w.media_list = MediaList.objects.create(name="Medios regionales")
    w.deliverable = make_deliverable(w.exercise, kind=DeliverableKind.PHOTO)
    w.archive_zip = ArchiveExport(exercise=w.exercise, status=ExportStatus.READY)
    w.archive_zip.file.save("archivo.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    w.archive_zip.save()

    # Plan: an indicator in `department`, its cut, one evidence photo and one import job.
    indicator = make_plan_tree(w.department)
    project = indicator.project
    w.plan = project.plan
    # A citizen's comment on that project (rinde.fieldwork), answered by `department`.
    w.field_comment = FieldComment.objects.create(
        project=project, tracking_code="CP2023-MATRIX", body="La obra avanza.", author_key="k"
    )
    w.cut = plan_services.start_report(
        plan=project.program.component.line.plan,
        department=w.department,
        period=date(2023, 12, 1),
        actor=officer,
    )
    w.evidence = Evidence(
        report=w.cut,
        project=project,
        kind=Evidence.Kind.PHOTO,
        title="Obra",
        alt_text="Obra terminada",
        uploaded_by=officer,
    )
    w.evidence.file.save("obra.png", ContentFile(png_bytes()), save=False)
    w.evidence.save()
    w.import_job = ImportJob.objects.create(
        kind=ImportJob.Kind.CUT,
        plan=w.cut.plan,
        report=w.cut,
        created_by=officer,
        filename="corte.csv",
        file="plan/matriz.csv",
    )

    # Questions received today (so their term can still be extended): one assigned to
    # `department`, one to `other_department`, and one of `department`'s in review.
    w.question, w.other_question, w.question_in_review = (
        make_question(w.exercise, text=text, received_at=now)
        for text in ("¿Cuándo arreglan la vía?", "¿Cuándo abre el hospital?", "¿Y el parque?")
    )
    for question, department in (
        (w.question, w.department),
        (w.other_question, w.other_department),
        (w.question_in_review, w.department),
    ):
        Question.objects.filter(pk=question.pk).update(
            department=department, status=Status.ASSIGNED
        )
        question.refresh_from_db()
    w.extend_to = (w.question.current_due_on + timedelta(days=7)).isoformat()
    questions_services.draft_answer(w.question_in_review, actor=officer, body="Respuesta.")
    # A draft answer's attachment, private until the answer is published.
    w.attachment = AnswerAttachment(
        answer=w.question_in_review.answers.get(), title="Acta", size=len(PDF)
    )
    w.attachment.file.save("acta.pdf", ContentFile(PDF), save=False)
    w.attachment.save()
    # The entity's calendar and a pending staff invitation (issue 15's panel pages).
    w.non_working_day = NonWorkingDay.objects.create(date=date(2023, 12, 24), reason="Decreto")
    w.invitation = Invitation.objects.create(
        email="nueva@example.org",
        role=Role.PLANNING,
        nonce="n",
        expires_at=now + timedelta(days=7),
    )
    # Holders: one person's request about their own data.
    from rinde.holders.services import file_request

    w.holder_request = file_request(email="titular@example.org", kind="deletion")
    return w
