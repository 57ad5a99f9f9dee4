from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.public_cache import public_page
from rinde.evaluation.models import Answer, EvaluationQuestion
from rinde.evaluation.results import distribution
from rinde.exercises.models import Exercise
from rinde.outreach import coverage, services
from rinde.outreach import episodes as episodes_service
from rinde.outreach.forms import EpisodeForm, PieceForm
from rinde.outreach.models import Audience, Channel, Episode, Piece


def _exercise(request):
    """The exercise picked in the panel (?ejercicio=<slug>), else the newest."""
    qs = Exercise.objects.order_by("-year", "slug")
    return qs.with_slug(request.GET.get("ejercicio", "")).first() or qs.first()


@staff_view(Role.COMMUNICATIONS)
def plan(request):
    """Pieces by month, and the coverage matrix with the audiences nothing reaches."""
    exercise = _exercise(request)
    if exercise is None:
        return render(request, "questions/no_exercise.html")
    pieces = list(
        Piece.objects.filter(exercise=exercise)
        .select_related("channel")
        .prefetch_related("audiences")
        .order_by("starts_on")
    )
    audiences, channels = list(Audience.objects.all()), list(Channel.objects.all())
    rows, uncovered = coverage.matrix(audiences, channels, pieces)
    by_month: dict = {}
    for piece in pieces:
        by_month.setdefault(piece.starts_on.replace(day=1), []).append(piece)
    return render(
        request,
        "outreach/plan.html",
        {
            "exercise": exercise,
            "exercises": Exercise.objects.order_by("-year"),
            "pieces": pieces,
            "rows": rows,
            "channels": channels,
            "uncovered": uncovered,
            "by_month": sorted(by_month.items()),
            "total_cost": sum(p.cost or 0 for p in pieces),
            "episodes": Episode.objects.filter(exercise=exercise),
            "heard": _how_they_heard(exercise),
        },
    )


@staff_view(Role.COMMUNICATIONS)
def piece_edit(request, pk=None):
    piece = (
        get_object_or_404(Piece, pk=pk, exercise__in=Exercise.objects.all())
        if pk
        else Piece(exercise=_exercise(request))
    )
    if piece.exercise_id is None:
        return render(request, "questions/no_exercise.html")
    form = PieceForm(request.POST or None, request.FILES or None, instance=piece)
    if request.method == "POST" and form.is_valid():
        services.save_item(
            piece, form.cleaned_data, actor=request.user, kind="piece", request=request
        )
        messages.success(request, _("Pieza guardada."))
        return redirect(f"/panel/difusion/?ejercicio={piece.exercise.slug}")
    return render(
        request,
        "outreach/piece_form.html",
        {"form": form, "piece": piece},
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
def episode_edit(request, pk=None):
    """Register a broadcast of the TV programme, or correct one."""
    if pk:
        episode = get_object_or_404(
            Episode.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
        )
    else:
        episode = Episode(exercise=_exercise(request))
        if episode.exercise_id is None:
            return render(request, "questions/no_exercise.html")
    form = EpisodeForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        services.save_item(
            episode, form.cleaned_data, actor=request.user, kind="episode", request=request
        )
        messages.success(request, _("Emisión guardada."))
        return redirect(f"/panel/difusion/?ejercicio={episode.exercise.slug}#programa")
    return render(
        request,
        "outreach/episode_form.html",
        {"form": form, "exercise": episode.exercise, "episode": episode},
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "POST"])
def episode_delete(request, pk):
    episode = get_object_or_404(
        Episode.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    if request.method == "POST":
        slug = episode.exercise.slug
        episodes_service.delete_episode(episode, actor=request.user, request=request)
        messages.success(request, _("Emisión eliminada."))
        return redirect(f"/panel/difusion/?ejercicio={slug}#programa")
    return render(request, "outreach/episode_delete.html", {"episode": episode})


@require_safe
@public_page
def episodes(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    return render(
        request,
        "outreach/episodes.html",
        {"exercise": exercise, "episodes": Episode.objects.filter(exercise=exercise)},
    )


def _how_they_heard(exercise):
    """The evaluation's "how did you hear about it?" answers, beside the coverage matrix."""
    question = EvaluationQuestion.objects.filter(
        form__event__exercise=exercise, maps_to_outreach=True
    ).first()
    if question is None:
        return None
    rows = [
        (label, count)
        for _code, label, count in distribution(
            question, Answer.objects.filter(question=question).only("choices")
        )
    ]
    # Before anyone answers, say so ("Sin datos todavía") instead of a table of zeros.
    return rows if any(count for _label, count in rows) else None
