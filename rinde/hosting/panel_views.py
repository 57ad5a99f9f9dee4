"""The host's panel, /anfitrion/ (docs/tenancy.md, step 10): every entity with its use of
the installation, a new entity, suspending and reactivating one, and the release state.
A host-level path (entity.middleware.HOST_LEVEL_PATHS): it answers at the machine's own
address and under any entity's, and reads across entities on purpose."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rinde.entity import addresses
from rinde.entity.models import Domain, Entity
from rinde.hosting import releases, services, usage
from rinde.hosting.forms import HostEntitySearchForm, NewEntityForm
from rinde.hosting.permissions import host_view

PAGE_SIZE = 25


@host_view
def entity_list(request: HttpRequest) -> HttpResponse:
    """Every entity, active or suspended, with its stored use (usage.refresh): a count
    and one page of rows joined to their usage, whatever the number of entities."""
    entities = (
        Entity.objects.select_related("usage")
        .prefetch_related(
            Prefetch(
                "domains",
                queryset=Domain.objects.filter(is_primary=True),
                to_attr="primary_domains",
            )
        )
        .order_by("name", "pk")
    )
    form = HostEntitySearchForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["q"]:
        term = form.cleaned_data["q"]
        entities = entities.filter(
            Q(name__icontains=term) | Q(slug__icontains=term) | Q(municipality__icontains=term)
        )
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "hosting/panel/entities.html",
        {
            "form": form,
            "page": page,
            "rows": [(entity, _site_url(request, entity)) for entity in page.object_list],
            "query": query.urlencode(),
            "filtered": bool(query),
        },
    )


def _site_url(request: HttpRequest, entity: Entity) -> str:
    """Its primary domain, else /e/<slug>/ on this host (as /entidades/ links them)."""
    domains = entity.primary_domains  # type: ignore[attr-defined]  # Prefetch's to_attr
    if domains:
        return f"{request.scheme}://{domains[0].host}/"
    return f"/e/{entity.slug}/"


@host_view
def entity_new(request: HttpRequest) -> HttpResponse:
    form = NewEntityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entity, invitation = services.create_entity(
            **form.cleaned_data, actor=request.user, request=request
        )
        messages.success(
            request,
            _(
                "Entidad «%(name)s» creada en %(url)s. Enviamos la invitación a %(email)s: "
                "al aceptarla, su administrador completará los datos de la entidad."
            )
            % {
                "name": entity.name,
                "url": addresses.base_url(entity) + "/",
                "email": invitation.email,
            },
        )
        return redirect("hosting:panel")
    return render(request, "hosting/panel/entity_new.html", {"form": form})


def _confirm(request: HttpRequest, slug: str, *, active: bool) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug, is_active=not active)
    if request.method == "POST":
        services.set_active(entity, active, actor=request.user, request=request)
        message = (
            _("Entidad «%(name)s» reactivada.") if active else _("Entidad «%(name)s» suspendida.")
        )
        messages.success(request, message % {"name": entity.name})
        return redirect("hosting:panel")
    return render(
        request, "hosting/panel/entity_confirm.html", {"entity_obj": entity, "activating": active}
    )


@host_view
def entity_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    return _confirm(request, slug, active=False)


@host_view
def entity_reactivate(request: HttpRequest, slug: str) -> HttpResponse:
    return _confirm(request, slug, active=True)


@host_view
@require_POST
def usage_refresh(request: HttpRequest) -> HttpResponse:
    count = usage.refresh()
    messages.success(request, _("Uso recalculado para %(n)s entidades.") % {"n": count})
    return redirect("hosting:panel")


@host_view
def release(request: HttpRequest) -> HttpResponse:
    return render(request, "hosting/panel/release.html", {"release": releases.state()})
