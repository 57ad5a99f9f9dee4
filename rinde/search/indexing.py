"""What the site search holds: one SearchEntry per public item, built from the text its
public page shows (citizens' text masked), and the functions that keep it current.

Each kind has a Source: the queryset of its public items and the entry one of them makes.
Syncing a scope (some ids, an exercise, a plan, everything) reads that scope's public items,
writes their entries and deletes the entries of the scope's items that are no longer public,
so one function serves publishing, changing, withdrawing and deleting alike."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape
from itertools import batched

from django.db import transaction
from django.db.models import Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from rinde.consultations.models import Forum
from rinde.core.privacy import mask_personal_data
from rinde.entity.models import entity_of_new_row
from rinde.exercises.models import Document, Exercise
from rinde.improvements.models import ImprovementAction
from rinde.outreach.models import Bulletin
from rinde.plan.models import Indicator, Plan, ProgressReport, Project, ReportState
from rinde.questions.models import Answer, AnswerState, Question
from rinde.search.models import Kind, SearchEntry

# The highlight markers (search.query): private-use characters, removed from every indexed
# text so that only the database's highlighting can put them there.
MARK_START, MARK_STOP = "\ue000", "\ue001"
TITLE_CHARS = 200
BATCH = 500


def clean_text(text: str) -> str:
    """Plain text as a page shows it: whitespace collapsed, no markers. (Tags stay: a page
    shows "<b>" typed into a title as text, so it is found as text.)"""
    text = (text or "").replace(MARK_START, "").replace(MARK_STOP, "")
    return " ".join(text.split())


def html_text(html: str) -> str:
    """The text a stored HTML field (a document summary, a bulletin) shows."""
    return clean_text(unescape(strip_tags(html or "")))


def _title(text: str) -> str:
    return Truncator(clean_text(text)).chars(TITLE_CHARS)


def _joined(*parts: str) -> str:
    # A separator the snippet shows and the tokenizers skip.
    return " · ".join(clean_text(p) for p in parts if p and clean_text(p))


# Public items of each kind -----------------------------------------------------------------


def _published_plan_ids() -> QuerySet:
    # A plan's project pages answer 404 until one of its cuts is published. The active
    # entity's plans only: projects and goals carry no entity key of their own.
    return ProgressReport.objects.filter(
        plan__in=Plan.objects.all(), state__in=[ReportState.APPROVED, ReportState.SUPERSEDED]
    ).values("plan_id")


def _public_projects() -> QuerySet:
    return Project.objects.filter(plan_id__in=_published_plan_ids()).select_related(
        "plan", "program", "department"
    )


def _project_entry(project: Project) -> dict:
    return {
        "title": _title(str(project)),
        "body": _joined(project.program.name, project.department.name, project.bpin),
        "url": reverse("plan:project", args=[project.plan.slug, project.code]),
        "exercise_id": None,
    }


def _public_goals() -> QuerySet:
    return Indicator.objects.filter(plan_id__in=_published_plan_ids()).select_related(
        "plan", "project"
    )


def _goal_entry(goal: Indicator) -> dict:
    return {
        "title": _title(str(goal)),
        "body": _joined(goal.unit, str(goal.project)),
        "url": reverse("plan:project", args=[goal.plan.slug, goal.project.code]),
        "exercise_id": None,
    }


def _public_documents() -> QuerySet:
    # A corrected document is found through its published correction only.
    return (
        Document.objects.published()
        .filter(exercise__in=Exercise.objects.filter(is_published=True))
        .filter(Q(replaced_by__isnull=True) | Q(replaced_by__published_at__isnull=True))
        .select_related("exercise")
    )


def _document_entry(document: Document) -> dict:
    return {
        "title": _title(str(document)),
        # The summary is the document's HTML version; its kind last, to be found by it
        # ("acta") without opening every snippet with it.
        "body": _joined(html_text(document.summary), document.get_kind_display()),
        "url": reverse("exercises:detail", args=[document.exercise.slug]) + "#documentos",
        "exercise_id": document.exercise_id,
    }


def _public_questions() -> QuerySet:
    answers = Answer.objects.filter(state=AnswerState.PUBLISHED).order_by("version")
    return (
        Question.objects.public()
        .filter(exercise__is_published=True)
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="published_answers"))
    )


def _question_entry(question: Question) -> dict:
    # Only the masked text: a search must never find the phone or e-mail a page hides.
    text = question.public_text or mask_personal_data(question.text)
    answers = [mask_personal_data(a.body) for a in question.published_answers]
    # The title holds the question; the body repeats it only when the title had to cut it.
    long_text = text if len(clean_text(text)) > TITLE_CHARS else ""
    return {
        "title": _title(text),
        "body": _joined(long_text, question.topic, *answers),
        "url": reverse("questions:detail", args=[question.tracking_code]),
        "exercise_id": question.exercise_id,
    }


def _public_bulletins() -> QuerySet:
    # A scheduled bulletin is indexed now; the query hides it until visible_from.
    # With its exercise, whose entity the entry takes when the bulletin has none (_entity_id).
    return Bulletin.objects.filter(published_at__isnull=False).select_related("exercise")


def _bulletin_entry(bulletin: Bulletin) -> dict:
    return {
        "title": _title(bulletin.title),
        "body": _joined(bulletin.lead, html_text(bulletin.body)),
        "url": reverse("outreach:bulletin", args=[bulletin.slug]),
        "exercise_id": bulletin.exercise_id,
        "visible_from": bulletin.published_at,
    }


def _public_forums() -> QuerySet:
    # The forum page shows the exercise's latest forum only (consultations.forum_of).
    latest = (
        Forum.objects.filter(exercise=OuterRef("exercise"))
        .order_by("-opens_at", "-pk")
        .values("pk")[:1]
    )
    published = Exercise.objects.filter(is_published=True)  # the active entity's
    return Forum.objects.filter(exercise__in=published, pk=Subquery(latest)).select_related(
        "exercise"
    )


def _forum_entry(forum: Forum) -> dict:
    summary = forum.summary if forum.summary_published_at else ""
    return {
        "title": _title(forum.question),
        "body": _joined(forum.intro, summary),
        "url": reverse("consultations:forum", args=[forum.exercise.slug]),
        "exercise_id": forum.exercise_id,
    }


def _public_improvements() -> QuerySet:
    published = Exercise.objects.filter(is_published=True)  # the active entity's
    return ImprovementAction.objects.filter(exercise__in=published).select_related(
        "exercise", "department"
    )


def _improvement_entry(action: ImprovementAction) -> dict:
    return {
        "title": _title(action.description),
        "body": _joined(
            action.description,
            action.origin_detail,
            action.department.name,
            action.get_status_display(),
        ),
        "url": reverse("improvements:public", args=[action.exercise.slug]),
        "exercise_id": action.exercise_id,
    }


@dataclass(frozen=True)
class Source:
    kind: Kind
    model: type[Model]
    public: Callable[[], QuerySet]
    entry: Callable[..., dict]
    by_exercise: bool = True


SOURCES: dict[Kind, Source] = {
    s.kind: s
    for s in [
        Source(Kind.PROJECT, Project, _public_projects, _project_entry, by_exercise=False),
        Source(Kind.GOAL, Indicator, _public_goals, _goal_entry, by_exercise=False),
        Source(Kind.DOCUMENT, Document, _public_documents, _document_entry),
        Source(Kind.QUESTION, Question, _public_questions, _question_entry),
        Source(Kind.BULLETIN, Bulletin, _public_bulletins, _bulletin_entry),
        Source(Kind.FORUM, Forum, _public_forums, _forum_entry),
        Source(Kind.IMPROVEMENT, ImprovementAction, _public_improvements, _improvement_entry),
    ]
}


# Writing the entries ------------------------------------------------------------------------


def _entity_id(obj: Model) -> int | None:
    """The entity of an indexed item: its own key, else that of the exercise or plan it
    belongs to (loaded with it by its Source's queryset), None when none carries one."""
    entity_id = getattr(obj, "entity_id", None)
    for parent in ("exercise", "plan"):
        if entity_id is not None:
            break
        entity_id = getattr(getattr(obj, parent, None), "entity_id", None)
    return entity_id


def _entries(source: Source, objects: Iterable[Model]) -> list[SearchEntry]:
    entries = []
    fallback: int | None = None
    for obj in objects:
        fields = {"visible_from": None, **source.entry(obj)}
        # The entry takes its item's entity; an item without one, the entity of the work
        # under way (entity_of_new_row, read once for the batch).
        entity_id = _entity_id(obj)
        if entity_id is None:
            fallback = fallback or entity_of_new_row()
            entity_id = fallback
        entries.append(
            SearchEntry(entity_id=entity_id, kind=source.kind, object_id=obj.pk, **fields)
        )
    return entries


def _write(entries: list[SearchEntry]) -> None:
    for batch in batched(entries, BATCH, strict=False):
        SearchEntry.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=[
                "entity",
                "exercise",
                "title",
                "body",
                "url",
                "visible_from",
                "updated_at",
            ],
        )


def _sync(source: Source, objects: Q, entries: Q) -> None:
    """Make the entries of one scope match its public items: `objects` selects the scope's
    items, `entries` its entries (those of items no longer public included)."""
    fresh = _entries(source, source.public().filter(objects))
    kept = {e.object_id for e in fresh}
    stale = SearchEntry.objects.filter(entries, kind=source.kind).values_list("pk", "object_id")
    SearchEntry.objects.filter(pk__in=[pk for pk, oid in stale if oid not in kept]).delete()
    _write(fresh)


def index_objects(kind: Kind, ids: Iterable[int]) -> None:
    """Bring some items of one kind up to date: (re)indexed if public, removed if not."""
    source = SOURCES[kind]
    for batch in batched(sorted(set(ids)), BATCH, strict=False):
        with transaction.atomic():
            _sync(source, Q(pk__in=batch), Q(object_id__in=batch))


def index_exercise(exercise_id: int) -> None:
    """Everything of one exercise: it was published, withdrawn or given a new address."""
    with transaction.atomic():
        for source in SOURCES.values():
            if source.by_exercise:
                _sync(source, Q(exercise_id=exercise_id), Q(exercise_id=exercise_id))


def index_plan(plan_id: int) -> None:
    """Every project and goal of one plan: its first cut was published, or its address
    changed."""
    with transaction.atomic():
        for kind, model in ((Kind.PROJECT, Project), (Kind.GOAL, Indicator)):
            ids = model.objects.filter(plan_id=plan_id).values("pk")
            _sync(SOURCES[kind], Q(plan_id=plan_id), Q(object_id__in=ids))


def index_new_questions() -> int:
    """The public questions not in the index yet (the hourly housekeeping): a question a
    citizen posts is indexed at its first change or here, never inside the post itself,
    which stays two INSERTs on the hearing day (questions/tests/test_intake.py)."""
    indexed = SearchEntry.objects.filter(kind=Kind.QUESTION).values("object_id")
    ids = list(_public_questions().exclude(pk__in=indexed).values_list("pk", flat=True).order_by())
    index_objects(Kind.QUESTION, ids)
    return len(ids)


def rebuild() -> dict[str, int]:
    """The whole index again from the public items (manage.py rebuild_search_index, the
    demo loader); returns the number of entries per kind."""
    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for source in SOURCES.values():
            entries = _entries(source, source.public().iterator(chunk_size=BATCH))
            _write(entries)
            counts[source.kind.value] = len(entries)
    return counts
