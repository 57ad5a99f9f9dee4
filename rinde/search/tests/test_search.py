"""The site search, on whichever database the run uses (SQLite by default; PostgreSQL with
DATABASE_URL): what it finds, in what order, and what it must never find."""

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.exercises.tests.factories import make_exercise
from rinde.plan.models import ProgressReport, ReportState
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions.models import AnswerState, Status
from rinde.questions.tests.factories import make_question
from rinde.search import indexing, signals
from rinde.search.models import Kind, SearchEntry
from rinde.search.query import Search, highlighted, postgresql_query, sqlite_match
from rinde.search.tests.factories import (
    make_bulletin,
    make_document,
    make_forum,
    make_improvement,
    publish_answer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """End the block as a commit would: its on-commit work runs, the index sync included
    (registered once per test transaction, so flushed by hand after the first block)."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        signals.flush()
        indexing.index_new_questions()  # the hourly sweep, for the questions just posted

    return block


def found(text: str, **filters) -> list[str]:
    """The plain titles of the hits, best first."""
    hits = Search(text, now=timezone.now(), **filters)
    return [str(h.title).replace("<mark>", "").replace("</mark>", "") for h in hits[0:50]]


def test_it_ignores_accents_and_case(entity, indexed):
    with indexed():
        make_bulletin("Participación ciudadana en la audiencia")
        make_bulletin("Otra noticia")
    assert found("participacion") == ["Participación ciudadana en la audiencia"]
    assert found("PARTICIPACIÓN") == ["Participación ciudadana en la audiencia"]
    assert found("Ciudadana AUDIENCIA") == ["Participación ciudadana en la audiencia"]


def test_every_word_must_match(entity, indexed):
    with indexed():
        make_bulletin("Vías del barrio Santa María")
        make_bulletin("Vías del centro")
    assert found("vias maria") == ["Vías del barrio Santa María"]
    assert sorted(found("vias")) == ["Vías del barrio Santa María", "Vías del centro"]


def test_a_match_in_the_title_ranks_above_one_in_the_body(entity, indexed):
    with indexed():
        make_bulletin("Informe de obras", body="Se instalaron nuevos semáforos en el centro.")
        make_bulletin("Semáforos nuevos en el centro", body="Texto sin la palabra.")
    assert found("semaforos") == ["Semáforos nuevos en el centro", "Informe de obras"]


def test_it_filters_by_kind_and_exercise(entity, department, indexed):
    user = make_user(Role.PLANNING)
    past, current = make_exercise(2023), make_exercise(2024)
    with indexed():
        make_bulletin("Puente peatonal terminado", exercise=past)
        make_document(current, "Informe del puente peatonal")
        make_improvement(current, department, user, "Iluminar el puente peatonal")
    assert len(found("puente")) == 3
    assert found("puente", kind=Kind.DOCUMENT) == ["Informe del puente peatonal"]
    assert found("puente", exercise_id=past.pk) == ["Puente peatonal terminado"]
    assert sorted(found("puente", exercise_id=current.pk)) == [
        "Iluminar el puente peatonal",
        "Informe del puente peatonal",
    ]
    assert found("puente", kind=Kind.BULLETIN, exercise_id=current.pk) == []


def test_it_finds_every_kind_of_public_item(entity, department, indexed):
    user = make_user(Role.PLANNING)
    exercise = make_exercise(2023)
    with indexed():
        goal = make_plan_tree(department)
        goal.name = "Kilómetros de ciclorruta construidos"
        goal.save()
        ProgressReport.objects.create(
            plan=goal.plan,
            department=department,
            period=date(2023, 3, 1),
            state=ReportState.APPROVED,
            created_by=user,
        )
        make_document(exercise, "Informe de gestión", summary="<p>La ciclorruta creció.</p>")
        question = make_question(exercise, text="¿Cuándo termina la ciclorruta?")
        make_bulletin("La ciclorruta llega al sur")
        make_forum(exercise, "¿Qué opina de la ciclorruta?")
        make_improvement(exercise, department, user, "Publicar el avance de la ciclorruta")
    assert question.public_text
    kinds = {h.kind for h in Search("ciclorruta", now=timezone.now())[0:50]}
    assert kinds == {
        Kind.GOAL,
        Kind.DOCUMENT,
        Kind.QUESTION,
        Kind.BULLETIN,
        Kind.FORUM,
        Kind.IMPROVEMENT,
    }
    # The project is found by its own name.
    assert found("proyecto", kind=Kind.PROJECT) == [str(goal.project)]


def test_unpublished_and_hidden_items_are_never_found(entity, department, indexed):
    user = make_user(Role.PLANNING)
    published, draft = make_exercise(2023), make_exercise(2024, is_published=False)
    with indexed():
        # A plan whose cuts are all unpublished: its project pages answer 404.
        goal = make_plan_tree(department)
        goal.name = "Humedal secreto"
        goal.save()
        ProgressReport.objects.create(
            plan=goal.plan, department=department, period=date(2023, 3, 1), created_by=user
        )
        make_document(draft, "Humedal en un ejercicio sin publicar")
        make_document(published, "Borrador del humedal", published_at=None)
        make_question(draft, text="¿Y el humedal del ejercicio sin publicar?")
        rejected = make_question(published, text="¿Humedal rechazado?")
        rejected.status, rejected.rejection_reason = Status.REJECTED, "Ofensiva"
        rejected.save()
        visible = make_question(published, text="¿Qué pasa con el parque?")
        publish_answer(visible, user, "El humedal en revisión", state=AnswerState.SUBMITTED)
        make_bulletin("Humedal programado", published_at=timezone.now() + timedelta(days=1))
        make_bulletin("Humedal sin publicar", published_at=None)
        make_forum(draft, "¿Humedal en un foro sin publicar?")
        make_improvement(draft, department, user, "Humedal en un plan sin publicar")
    assert found("humedal") == []
    # The scheduled bulletin appears at its time, with nothing else to do.
    tomorrow = timezone.now() + timedelta(days=2)
    hits = Search("humedal", now=tomorrow)[0:10]
    assert [h.kind for h in hits] == [Kind.BULLETIN]


def test_an_item_withdrawn_or_deleted_leaves_the_index(entity, department, indexed):
    exercise = make_exercise(2023)
    with indexed():
        document = make_document(exercise, "Informe del acueducto")
        bulletin = make_bulletin("Acueducto veredal")
    assert len(found("acueducto")) == 2
    with indexed():
        document.published_at = None
        document.save()
        bulletin.delete()
    assert found("acueducto") == []


def test_unpublishing_an_exercise_hides_everything_of_it(entity, department, indexed):
    exercise = make_exercise(2023)
    with indexed():
        make_document(exercise, "Informe del alcantarillado")
        make_question(exercise, text="¿Y el alcantarillado?")
    assert len(found("alcantarillado")) == 2
    with indexed():
        exercise.is_published = False
        exercise.save()
    assert found("alcantarillado") == []
    with indexed():
        exercise.is_published = True
        exercise.save()
    assert len(found("alcantarillado")) == 2


def test_a_corrected_document_is_found_by_its_correction_only(entity, indexed):
    exercise = make_exercise(2023)
    with indexed():
        first = make_document(exercise, "Informe del matadero")
        make_document(exercise, "Informe del matadero corregido", replaces=first, version=2)
    assert found("matadero") == ["Informe del matadero corregido (v2)"]


def test_a_published_answer_is_found_with_its_question(entity, indexed):
    user = make_user(Role.PLANNING)
    exercise = make_exercise(2023)
    with indexed():
        question = make_question(exercise, text="¿Cuándo abren el colegio?")
        publish_answer(question, user, "La biblioteca escolar abre en marzo.")
    hits = Search("biblioteca", now=timezone.now())[0:10]
    assert [h.kind for h in hits] == [Kind.QUESTION]
    assert "<mark>biblioteca</mark>" in hits[0].snippet


def test_only_the_masked_text_of_questions_and_answers_is_indexed(entity, indexed):
    user = make_user(Role.PLANNING)
    exercise = make_exercise(2023)
    with indexed():
        question = make_question(
            exercise, text="Escríbanme a ana.perez@correo.co o al 3001234567 por el puente"
        )
        publish_answer(question, user, "Llamamos al 3109876543 para contarle del puente.")
    entry = SearchEntry.objects.get(kind=Kind.QUESTION)
    indexed_text = f"{entry.title} {entry.body}"
    assert "ana.perez" not in indexed_text and "3001234567" not in indexed_text
    assert "3109876543" not in indexed_text and "puente" in entry.title
    assert found("ana.perez@correo.co") == []
    assert found("3001234567") == []
    assert found("3109876543") == []
    assert len(found("puente")) == 1


def test_a_new_question_enters_at_its_first_change_or_the_hourly_sweep(
    entity, django_capture_on_commit_callbacks
):
    exercise = make_exercise(2023)
    signals.flush()
    with django_capture_on_commit_callbacks(execute=True):
        first = make_question(exercise, text="¿Cuándo pavimentan la calle?")
        second = make_question(exercise, text="¿Quién pavimenta la carrera?")
    signals.flush()
    assert found("pavimentan") == []  # the post itself wrote nothing to the index
    with django_capture_on_commit_callbacks(execute=True):
        first.topic = "Vías"
        first.save()
    signals.flush()
    assert found("pavimentan") == ["¿Cuándo pavimentan la calle?"]
    call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(found("pavimentan carrera calle")) == 0
    assert found("carrera") == [second.public_text]


def test_a_rolled_back_change_is_not_indexed(entity, indexed):
    with indexed():
        bulletin = make_bulletin("Parque lineal")
    with indexed(), pytest.raises(RuntimeError), transaction.atomic():
        bulletin.title = "Parque cancelado"
        bulletin.save()
        raise RuntimeError
    assert found("cancelado") == []
    with indexed():
        make_bulletin("Otra cosa")  # the next commit syncs what stayed queued, harmlessly
    assert found("parque") == ["Parque lineal"]


def test_rebuild_makes_the_same_index_as_the_signals(entity, department, indexed):
    user = make_user(Role.PLANNING)
    exercise = make_exercise(2023)
    with indexed():
        make_document(exercise, "Informe de la plaza")
        make_question(exercise, text="¿Y la plaza?")
        make_improvement(exercise, department, user, "Arreglar la plaza")
    before = set(SearchEntry.objects.values_list("kind", "object_id", "title", "body", "url"))
    SearchEntry.objects.all().delete()
    assert found("plaza") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = set(SearchEntry.objects.values_list("kind", "object_id", "title", "body", "url"))
    assert after == before and len(after) == 3
    assert len(found("plaza")) == 3


def test_highlighting_escapes_everything_but_its_own_marks():
    text = f"<script>x</script> {indexing.MARK_START}vía{indexing.MARK_STOP} & más"
    assert highlighted(text) == "&lt;script&gt;x&lt;/script&gt; <mark>vía</mark> &amp; más"
    # A fragment cut between the marks loses them rather than leaving a <mark> open.
    assert highlighted(f"{indexing.MARK_START}vía") == "vía"


def test_indexed_text_cannot_carry_the_highlight_marks():
    assert indexing.clean_text(f"a {indexing.MARK_START}b{indexing.MARK_STOP}") == "a b"
    assert indexing.html_text(f"<p>a &amp; {indexing.MARK_START}b</p>") == "a & b"


def test_the_query_expressions_take_only_words():
    assert sqlite_match('vía "OR" NEAR(b c) -x *') == '"via"* "or"* "near"* "b"* "c"* "x"*'
    assert sqlite_match('"()*_') == ""
    assert postgresql_query("vías & !x:*|") == "via:* & x:*"


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("informe de gestión", '"informe"* "gestion"*'),
        ("vías", '"via"*'),
        ("obras públicas", '"obra"* "publica"*'),
        ("participaciones", '"participacion"*'),
        ("de la", '"de"* "la"*'),  # only small words: keep them rather than search nothing
        ("gas", '"gas"*'),
    ],
)
def test_on_sqlite_small_words_drop_and_plurals_lose_their_ending(typed, expression):
    assert sqlite_match(typed) == expression


def test_a_plural_finds_the_singular(entity, indexed):
    with indexed():
        make_bulletin("Arreglo de la vía principal")
    assert found("vias") == ["Arreglo de la vía principal"]
