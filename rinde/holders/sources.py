"""Where personal data lives: one Source per app that holds some, each able to find what is
tied to an e-mail address, correct the contact data, and anonymize it.

Adding a source is a few lines: write `collect(email) -> list[dict]`,
`anonymize(email) -> int` and `correct(email, new_email, new_phone) -> int` next to the app's
models (or here), and append `Source(label, collect, anonymize, correct)` to SOURCES.
`collect` returns one dict per item, its keys in Spanish (they are the holder's download),
values JSON-friendly (str, int, bool, None). `anonymize` and `correct` run inside the
caller's transaction and return how many rows they changed.

What is kept after an anonymization (Ley 1581 de 2012 art. 15 and Decreto 1377 de 2013
art. 9: the holder may not have data deleted while a legal or contractual duty keeps it):
a petition and its answer are public records of the entity (Ley 1755 de 2015, Ley 594 de
2000), so a question stays with its text masked (core.privacy.mask_personal_data) and its
asker's name, e-mail and phone removed; forum comments stay, masked and anonymous, as part of
the accountability exercise's dialogue record; a survey answer stays only as an anonymous
count. docs/personal-data.md has the table.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.accounts.models import Role
from rinde.consultations.models import Comment, SurveyResponse
from rinde.consultations.services import email_digest
from rinde.core.privacy import mask_personal_data
from rinde.exercises.models import Registration
from rinde.fieldwork.models import FieldComment
from rinde.fieldwork.personal_data import anonymize_field_comments as strip_them
from rinde.fieldwork.personal_data import field_comments_for
from rinde.outreach.models import MediaContact
from rinde.questions.models import AnswerState, Question
from rinde.subscriptions.services import anonymize_subscriptions as delete_them
from rinde.subscriptions.services import subscriptions_for

# What an anonymized name reads in staff pages (a registration's name cannot be empty).
REMOVED = "[suprimido]"


@dataclass(frozen=True)
class Source:
    label: str
    collect: Callable[[str], list[dict]]
    anonymize: Callable[[str], int]
    correct: Callable[[str, str, str], int]


def _iso(value):
    # A moment in the entity's time zone to the minute: readable on the page, sortable in
    # the download.
    if value is None:
        return None
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# --- Citizens' questions (rinde.questions) -------------------------------------------


def _questions(email: str):
    return Question.objects.filter(asker_email__iexact=email)


def collect_questions(email: str) -> list[dict]:
    items = []
    for question in _questions(email).prefetch_related("answers").order_by("received_at"):
        published = [a for a in question.answers.all() if a.state == AnswerState.PUBLISHED]
        items.append(
            {
                "código": question.tracking_code,
                "recibida": _iso(question.received_at),
                "pregunta": question.text,
                "estado": str(question.get_status_display()),
                "nombre": question.asker_name,
                "correo": question.asker_email,
                "teléfono": question.asker_phone,
                "autoriza publicar su nombre": question.publish_name,
                "versión de la autorización": question.data_authorization_version,
                "autorizó el": _iso(question.data_authorized_at),
                "respuesta": published[-1].body if published else "",
            }
        )
    return items


def anonymize_questions(email: str) -> int:
    # A petition is a public record: the text stays, masked; who asked goes.
    changed = 0
    for question in _questions(email):
        question.text = mask_personal_data(question.text)
        question.public_text = mask_personal_data(question.public_text or question.text)
        question.asker_name = question.asker_email = question.asker_phone = ""
        question.publish_name = False
        question.save(
            update_fields=[
                "text",
                "public_text",
                "asker_name",
                "asker_email",
                "asker_phone",
                "publish_name",
            ]
        )
        changed += 1
    return changed


def correct_questions(email: str, new_email: str, new_phone: str) -> int:
    values = {}
    if new_email:
        values["asker_email"] = new_email
    if new_phone:
        values["asker_phone"] = new_phone
    return _questions(email).update(**values) if values else 0


# --- Event registrations (rinde.exercises) --------------------------------------------


def _registrations(email: str):
    return Registration.objects.filter(email__iexact=email)


def collect_registrations(email: str) -> list[dict]:
    return [
        {
            "código": r.code,
            "evento": r.event.title,
            "fecha del evento": _iso(r.event.starts_at),
            "tipo": str(r.get_kind_display()),
            "nombre": r.name,
            "correo": r.email,
            "teléfono": r.phone,
            "grupo poblacional": str(r.get_population_group_display()),
            "tema de la intervención": r.topic,
            "resumen de la intervención": r.summary,
            "inscrita": _iso(r.created_at),
            "asistencia registrada": _iso(r.checked_in_at),
            "versión de la autorización": r.data_consent_version,
        }
        for r in _registrations(email).select_related("event").order_by("created_at")
    ]


def anonymize_registrations(email: str) -> int:
    # Attendance stays counted; who attended, and their group, go.
    return _registrations(email).update(
        name=REMOVED,
        email="",
        phone="",
        population_group="",
        sensitive_data_consent=False,
    )


def correct_registrations(email: str, new_email: str, new_phone: str) -> int:
    values = {}
    if new_email:
        values["email"] = new_email
    if new_phone:
        values["phone"] = new_phone
    return _registrations(email).update(**values) if values else 0


# --- Forum comments (rinde.consultations) ---------------------------------------------


def _comments(email: str):
    return Comment.objects.filter(author_email__iexact=email, official__isnull=True)


def collect_comments(email: str) -> list[dict]:
    return [
        {
            "foro": c.forum.question,
            "comentario": c.body,
            "nombre": c.author_name,
            "correo": c.author_email,
            "estado": str(c.get_status_display()),
            "escrito el": _iso(c.created_at),
            "autorizó el": _iso(c.data_authorized_at),
        }
        for c in _comments(email).select_related("forum").order_by("created_at")
    ]


def anonymize_comments(email: str) -> int:
    changed = 0
    for comment in _comments(email):
        comment.body = mask_personal_data(comment.body)
        comment.author_name = comment.author_email = ""
        comment.data_authorized_at = None
        comment.save(update_fields=["body", "author_name", "author_email", "data_authorized_at"])
        changed += 1
    return changed


def correct_comments(email: str, new_email: str, new_phone: str) -> int:
    return _comments(email).update(author_email=new_email) if new_email else 0


# --- Topic-survey answers (rinde.consultations) ---------------------------------------


def _survey_answers(email: str):

    # Tied to the address while its link is pending, to its keyed digest once confirmed,
    # or to a citizen account with that address.
    users = get_user_model().objects.filter(email__iexact=email)
    return SurveyResponse.objects.filter(
        Q(email__iexact=email) | Q(email_digest=email_digest(email)) | Q(user__in=users)
    )


def collect_survey_answers(email: str) -> list[dict]:
    return [
        {
            "encuesta": r.survey.question,
            "temas elegidos": ", ".join(o.label for o in r.options.all()),
            "otro tema": r.other_text,
            "rango de edad": str(r.get_age_range_display()),
            "tipo de participante": str(r.get_participant_kind_display()),
            "grupo poblacional": str(r.get_population_group_display()),
            "respondida el": _iso(r.created_at),
            "confirmada el": _iso(r.confirmed_at),
        }
        for r in _survey_answers(email)
        .select_related("survey")
        .prefetch_related("options")
        .order_by("created_at")
    ]


def anonymize_survey_answers(email: str) -> int:
    # The answer keeps counting in the results; nothing ties it to the person any more.
    return _survey_answers(email).update(
        user=None,
        email="",
        email_digest="",
        other_text="",
        population_group="",
        sensitive_authorized_at=None,
    )


def _nothing_to_correct(email: str, new_email: str, new_phone: str) -> int:
    return 0


# --- Citizen accounts (rinde.accounts) -------------------------------------------------


def _accounts(email: str):
    return get_user_model().objects.filter(email__iexact=email, role=Role.CITIZEN)


def collect_accounts(email: str) -> list[dict]:
    return [
        {
            "usuario": u.username,
            "nombre": u.first_name,
            "apellido": u.last_name,
            "correo": u.email,
            "creada el": _iso(u.date_joined),
            "último ingreso": _iso(u.last_login),
        }
        for u in _accounts(email)
    ]


def anonymize_accounts(email: str) -> int:
    # The account closes: it can no longer log in, and nothing in it names the person.
    changed = 0
    for user in _accounts(email):
        user.first_name = user.last_name = user.email = ""
        user.username = f"suprimido-{user.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        changed += 1
    return changed


def correct_accounts(email: str, new_email: str, new_phone: str) -> int:
    return _accounts(email).update(email=new_email) if new_email else 0


# --- The media directory (rinde.outreach) ----------------------------------------------
# A newsroom's address is often a journalist's own.


def _media_contacts(email: str):
    return MediaContact.objects.filter(email__iexact=email)


def collect_media_contacts(email: str) -> list[dict]:
    return [
        {
            "medio": c.outlet,
            "correo": c.email,
            "listas": ", ".join(media_list.name for media_list in c.lists.all()),
            "se dio de baja": _iso(c.opted_out_at),
        }
        for c in _media_contacts(email).prefetch_related("lists")
    ]


def anonymize_media_contacts(email: str) -> int:
    # The sent bulletins keep their delivery rows (PROTECT), so the contact stays, out of
    # every list, opted out, at an address that can receive nothing (RFC 2606 ".invalid").
    changed = 0
    for contact in _media_contacts(email):
        contact.lists.clear()
        contact.email = f"suprimido-{contact.pk}@suprimido.invalid"
        contact.opted_out_at = contact.opted_out_at or timezone.now()
        contact.save(update_fields=["email", "opted_out_at"])
        changed += 1
    return changed


def correct_media_contacts(email: str, new_email: str, new_phone: str) -> int:
    if not new_email or MediaContact.objects.filter(email__iexact=new_email).exists():
        return 0  # the address is unique in the directory: the new one is there already
    return _media_contacts(email).update(email=new_email)


# --- E-mail subscriptions (rinde.subscriptions) -----------------------------------------


def collect_subscriptions(email: str) -> list[dict]:
    def state(subscription) -> str:
        if subscription.unsubscribed_at:
            return str(_("dada de baja"))
        return str(_("confirmada") if subscription.confirmed_at else _("sin confirmar"))

    return [
        {
            "tema": str(subscription.get_topic_display()),
            "de": str(subscription.project or subscription.question or ""),
            "correo": subscription.email,
            "estado": state(subscription),
            "pedida el": _iso(subscription.requested_at),
            "confirmada el": _iso(subscription.confirmed_at),
            "versión de la autorización": subscription.authorization_version,
        }
        for subscription in subscriptions_for(email).select_related("project", "question")
    ]


def anonymize_subscriptions(email: str) -> int:
    return delete_them(email)


# --- Citizens' comments on projects (rinde.fieldwork) -----------------------------------


def collect_field_comments(email: str) -> list[dict]:
    spanish = {
        "tracking_code": "código",
        "project": "proyecto",
        "created_at": "enviado",
        "author_name": "nombre",
        "author_email": "correo",
        "data_authorized_at": "autorizó el",
        "authorization_version": "versión de la autorización",
        "body": "comentario",
        "photo": "foto",
        "status": "estado",
        "answer": "respuesta de la dependencia",
    }
    return [
        {
            spanish.get(key, key): str(value) if value is not None else None
            for key, value in row.items()
        }
        for row in field_comments_for(email)
    ]


def anonymize_field_comments(email: str) -> int:
    return strip_them(email)


def correct_field_comments(email: str, new_email: str, new_phone: str) -> int:
    if not new_email:
        return 0  # a comment keeps no phone
    return FieldComment.objects.of_email(email).update(author_email=new_email)


# Evaluation forms are anonymous (evaluation.Response keeps no personal data): nothing to
# list.
SOURCES: list[Source] = [
    Source(_("Preguntas ciudadanas"), collect_questions, anonymize_questions, correct_questions),
    Source(
        _("Inscripciones a eventos"),
        collect_registrations,
        anonymize_registrations,
        correct_registrations,
    ),
    Source(_("Comentarios en el foro"), collect_comments, anonymize_comments, correct_comments),
    Source(
        _("Respuestas a la encuesta de temas"),
        collect_survey_answers,
        anonymize_survey_answers,
        _nothing_to_correct,
    ),
    Source(_("Cuenta ciudadana"), collect_accounts, anonymize_accounts, correct_accounts),
    Source(
        _("Directorio de medios"),
        collect_media_contacts,
        anonymize_media_contacts,
        correct_media_contacts,
    ),
    # A subscription is not corrected: the new address confirms its own (double opt-in).
    Source(
        _("Suscripciones por correo"),
        collect_subscriptions,
        anonymize_subscriptions,
        _nothing_to_correct,
    ),
    Source(
        _("Comentarios sobre proyectos del plan"),
        collect_field_comments,
        anonymize_field_comments,
        correct_field_comments,
    ),
]


def collect_all(email: str) -> list[tuple[str, list[dict]]]:
    """(label, items) for every source, in SOURCES order (empty ones included)."""
    return [(str(source.label), source.collect(email)) for source in SOURCES]
