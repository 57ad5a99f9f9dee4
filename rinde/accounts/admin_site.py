from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rinde.accounts import permissions


class RindeAdminSite(admin.AdminSite):
    site_header = _("Administración de Rinde")
    site_title = _("Rinde")
    index_title = _("Datos de la plataforma")

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.is_verified_admin(request.user)

    def login(self, request: HttpRequest, extra_context=None):
        # One login for the whole staff area: ours, with its second factor and throttling.
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")
