from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import upload_preview
from rinde.core.public_cache import public_page
from rinde.entity.models import Entity
from rinde.outreach import bulletins, directory_import, media_lists, outbox, services
from rinde.outreach.forms import (
    BulletinForm,
    DirectoryFilterForm,
    MediaListForm,
    SendBulletinForm,
)
from rinde.outreach.models import Bulletin, DeliveryStatus, MediaContact, MediaList


def published():
    return Bulletin.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


@require_safe
@public_page
def bulletin_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(published().order_by("-published_at"), 20).get_page(request.GET.get("pagina"))
    return render(request, "outreach/bulletin_list.html", {"page": page, "query": ""})


@require_safe
@public_page
def bulletin_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "outreach/bulletin_detail.html",
        {"bulletin": get_object_or_404(published(), slug=slug)},
    )


class BulletinFeed(Feed):
    title = gettext_lazy("Boletines de prensa")
    description = gettext_lazy("Las noticias de la rendición de cuentas.")

    def link(self):
        return reverse("outreach:bulletins")

    def items(self):
        return published().order_by("-published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.lead)  # feed readers take it as HTML

    def item_link(self, item):
        return reverse("outreach:bulletin", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST does: mail scanners that open links must not unsubscribe anyone."""
    contact = outbox.contact_from_token(token)
    if contact is None:
        return render(request, "outreach/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        bulletins.opt_out(contact)
    return render(request, "outreach/unsubscribe.html", {"contact": contact})


@staff_view(Role.COMMUNICATIONS)
def staff_bulletins(request: HttpRequest) -> HttpResponse:
    items = Bulletin.objects.annotate(
        sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        unconfirmed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.UNCONFIRMED)),
        pending=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]),
        ),
    ).order_by("-pk")
    return render(request, "outreach/staff_bulletins.html", {"items": items})


@staff_view(Role.COMMUNICATIONS)
def staff_bulletin(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    bulletin = get_object_or_404(Bulletin, pk=pk) if pk else Bulletin()
    form = BulletinForm(request.POST or None, request.FILES or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        bulletin = services.save_item(
            bulletin, form.cleaned_data, actor=request.user, kind="bulletin", request=request
        )
        messages.success(request, _("Boletín guardado."))
        return redirect("outreach:staff_bulletin", pk=bulletin.pk)
    deliveries = (
        bulletin.deliveries.select_related("contact").order_by("status", "contact__outlet")
        if bulletin.pk
        else []
    )
    return render(
        request,
        "outreach/staff_bulletin.html",
        {
            "form": form,
            "bulletin": bulletin,
            "deliveries": deliveries,
            "send_form": SendBulletinForm(),
            "sent_to": list(bulletin.lists.all()) if bulletin.pk else [],
            # The button is for deliveries that failed for good; queued ones retry alone.
            "retryable": bulletin.pk
            and bulletin.deliveries.filter(
                status=DeliveryStatus.FAILED, contact__opted_out_at__isnull=True
            ).exists(),
        },
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
@require_POST
def staff_bulletin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if action == "publicar":
        bulletins.publish(bulletin, actor=request.user, request=request)
        messages.success(request, _("Boletín publicado en el portal."))
    elif action == "enviar":
        send_form = SendBulletinForm(request.POST)
        if bulletin.published_at is None:
            messages.error(
                request, _("Publique el boletín antes de enviarlo: el correo enlaza a su página.")
            )
        elif not send_form.is_valid():
            messages.error(request, " ".join(send_form.errors.get("lists", [])))
        else:
            added = bulletins.queue_sending(
                bulletin, lists=send_form.cleaned_data["lists"], actor=request.user, request=request
            )
            messages.success(
                request, _("%(n)d envíos en cola; nadie lo recibe dos veces.") % {"n": added}
            )
    elif action == "reintentar":
        count = bulletins.retry_failed(bulletin, actor=request.user, request=request)
        messages.success(request, _("%(n)d envíos fallidos vuelven a la cola.") % {"n": count})
    return redirect("outreach:staff_bulletin", pk=bulletin.pk)


DIRECTORY_PREVIEW_FLOW = "outreach:directory"


@staff_view(Role.COMMUNICATIONS)
def staff_directory(request: HttpRequest) -> HttpResponse:
    """The media directory and its CSV import: preview with every error, then all or nothing."""
    if request.method == "POST" and request.POST.get("confirm"):
        preview_key = request.POST.get("preview", "")
        stored = upload_preview.take(request, DIRECTORY_PREVIEW_FLOW, preview_key)
        if not stored:
            messages.error(request, upload_preview.EXPIRED_MESSAGE)
            return redirect("outreach:staff_directory")
        try:
            added = directory_import.import_contacts(
                stored, entity=Entity.objects.current(), actor=request.user, request=request
            )
        except ValidationError as refusal:
            upload_preview.drop(request, DIRECTORY_PREVIEW_FLOW, preview_key)
            messages.error(request, refusal.messages[0])
            return redirect("outreach:staff_directory")
        upload_preview.drop(request, DIRECTORY_PREVIEW_FLOW, preview_key)
        messages.success(request, _("Se agregaron %(n)d medios al directorio.") % {"n": added})
        return redirect("outreach:staff_directory")
    rows, errors, preview_key = [], [], ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [directory_import.RowError(0, "", _("Elija un archivo CSV."))]
        else:
            known = directory_import.known_emails(Entity.objects.current())
            rows, errors = directory_import.parse_directory(
                upload.read(directory_import.MAX_BYTES + 1), known_emails=known
            )
            if rows and not errors:
                # The confirm button names this preview, so another tab's file is not the
                # one imported.
                preview_key = upload_preview.keep(request, DIRECTORY_PREVIEW_FLOW, rows)
    contacts = MediaContact.objects.order_by("outlet")
    return render(
        request,
        "outreach/staff_directory.html",
        {"contacts": contacts, "rows": rows, "errors": errors, "preview_key": preview_key},
        status=400 if errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
def staff_lists(request: HttpRequest) -> HttpResponse:
    """The media lists, and a form to create one."""
    form = MediaListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        media_list = media_lists.save_list(
            form.instance, form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("Lista creada. Agregue sus medios."))
        return redirect("outreach:staff_list", pk=media_list.pk)
    items = MediaList.objects.annotate(
        size=Count("contacts", distinct=True),
        reachable=Count("contacts", filter=Q(contacts__opted_out_at__isnull=True), distinct=True),
    ).order_by("name")
    return render(
        request,
        "outreach/staff_lists.html",
        {"form": form, "items": items},
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
def staff_list(request: HttpRequest, pk: int) -> HttpResponse:
    """One media list: rename it, add outlets from the (filtered) directory, remove some."""
    media_list = get_object_or_404(MediaList, pk=pk)
    action = request.POST.get("action", "")
    form = MediaListForm(request.POST if action == "guardar" else None, instance=media_list)
    filters = DirectoryFilterForm(request.GET)
    members = media_list.contacts.order_by("outlet")
    candidates = media_lists.filter_directory(
        MediaContact.objects.exclude(lists=media_list).order_by("outlet"), **filters.filters()
    )
    if request.method == "POST":
        here = request.get_full_path()
        if action == "guardar" and form.is_valid():
            media_lists.save_list(
                media_list, form.cleaned_data, actor=request.user, request=request
            )
            messages.success(request, _("Lista guardada."))
            return redirect(here)
        if action in ("agregar", "agregar-todos"):
            chosen = (
                candidates
                if action == "agregar-todos"
                else candidates.filter(pk__in=request.POST.getlist("contactos"))
            )
            added = media_lists.add_contacts(
                media_list, list(chosen), actor=request.user, request=request
            )
            messages.success(request, _("%(n)d medios agregados a la lista.") % {"n": added})
            return redirect(here)
        if action == "quitar":
            chosen = list(members.filter(pk__in=request.POST.getlist("miembros")))
            removed = media_lists.remove_contacts(
                media_list, chosen, actor=request.user, request=request
            )
            messages.success(request, _("%(n)d medios quitados de la lista.") % {"n": removed})
            return redirect(here)
    return render(
        request,
        "outreach/staff_list.html",
        {
            "media_list": media_list,
            "form": form,
            "filters": filters,
            "members": members,
            "candidates": candidates,
        },
        status=400 if form.errors else 200,
    )
