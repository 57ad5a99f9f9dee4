"""The administrator's editor of the Transparencia menu: where the entity publishes each item
Rinde does not hold, or why it does not apply. Audited (services)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.transparency import items, services
from rinde.transparency.forms import ItemSettingForm
from rinde.transparency.models import ItemSetting
from rinde.transparency.views import menu_rows


def _item(number: str) -> items.Item:
    item = items.find(number)
    if item is None:
        raise Http404
    return item


@staff_view(Role.ADMIN)
def settings_list(request: HttpRequest) -> HttpResponse:
    return render(request, "transparency/panel/list.html", {"categories": menu_rows()})


@staff_view(Role.ADMIN)
def setting_edit(request: HttpRequest, number: str) -> HttpResponse:
    item = _item(number)
    setting = services.setting_of(item.number)
    form = ItemSettingForm(
        request.POST or None, instance=setting or ItemSetting(number=item.number)
    )
    if request.method == "POST" and form.is_valid():
        services.save_setting(
            number=item.number, **form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("Ítem %(n)s guardado.") % {"n": item.number})
        return redirect("transparency:panel")
    return render(
        request,
        "transparency/panel/edit.html",
        {"item": item, "form": form, "setting": setting},
    )


@staff_view(Role.ADMIN)
@require_POST
def setting_clear(request: HttpRequest, number: str) -> HttpResponse:
    item = _item(number)
    setting = services.setting_of(item.number)
    if setting is not None:
        services.clear_setting(setting, actor=request.user, request=request)
        messages.success(request, _("Ítem %(n)s sin configuración.") % {"n": item.number})
    return redirect("transparency:panel")
