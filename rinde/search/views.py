from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rinde.core.public_cache import public_page
from rinde.exercises.models import Exercise
from rinde.search.forms import SearchForm
from rinde.search.query import Search

PAGE_SIZE = 20


@require_safe
@public_page
def search(request: HttpRequest) -> HttpResponse:
    """/buscar/: the whole public site, by words, with filters by kind and exercise. A GET
    form without a token, so the page is cached like any public page."""
    exercises = list(Exercise.objects.published().order_by("-year", "slug"))
    form = SearchForm(request.GET or None, exercises=exercises)
    text, page = "", None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        exercise = form.exercise
        results = Search(
            text,
            kind=form.cleaned_data["tipo"],
            exercise_id=exercise.pk if exercise else None,
            now=timezone.now(),
        )
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "text": text,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(request.GET.get("tipo") or request.GET.get("ejercicio")),
        },
    )
