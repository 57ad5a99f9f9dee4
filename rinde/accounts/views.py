from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from rinde.accounts import (
    navigation,
    permissions,
    second_factor,
    security_events,
    tasks,
    throttle,
    todo,
)
from rinde.accounts.forms import CodeForm, LoginForm
from rinde.accounts.invitations import needs_first_admin
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.antispam import RATE_LIMIT_MESSAGE, check_rate_limit
from rinde.entity import first_run
from rinde.entity.models import Department, Entity


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class RindeLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = throttle.seconds_to_wait(request, request.POST.get("username", ""))
        if wait:
            throttle.record_failure()  # the attack goes on: keep the site slowed
            form = self.get_form()
            form.add_error(
                None,
                ngettext(
                    "Estamos recibiendo muchos intentos fallidos de ingreso. Por seguridad, "
                    "desde un navegador donde no ha ingresado antes cada cuenta admite un "
                    "intento cada %(n)d segundo. Espere y vuelva a intentarlo.",
                    "Estamos recibiendo muchos intentos fallidos de ingreso. Por seguridad, "
                    "desde un navegador donde no ha ingresado antes cada cuenta admite un "
                    "intento cada %(n)d segundos. Espere y vuelva a intentarlo.",
                    wait,
                )
                % {"n": wait},
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.remember_device(self.request, response, form.get_user().get_username())
        return response

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            throttle.record_failure()
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):

        # An empty installation: the way in is creating its first administrator.
        return {**super().get_context_data(**kwargs), "needs_first_admin": needs_first_admin()}

    def get_success_url(self) -> str:
        user = self.request.user
        if permissions.is_staff_member(user):
            target = safe_next(self.request, reverse("accounts:panel"))
            return f"{reverse('accounts:verify')}?{urlencode({'next': target})}"
        return safe_next(self.request, reverse("portal:home"))


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, its e-mail handed to the worker (accounts.tasks.send_password_reset)
    instead of sent inside the request."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):

        # Enqueued at once: the reset writes nothing that a commit must come before.
        tasks.send_password_reset.enqueue(
            context["user"].pk,
            context["domain"],
            context["protocol"] == "https",
            entity_id=Entity.objects.current().pk,
        )


class RateLimitedPasswordResetView(PasswordResetView):
    """Password reset sends e-mail: limit it per address so nobody floods a mailbox."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        if not check_rate_limit(self.request, "password_reset", limit=5, per_seconds=3600):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            return self.form_invalid(form)
        return super().form_valid(form)


def verify(request: HttpRequest) -> HttpResponse:
    """Second step of a staff login: the TOTP code."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if not permissions.is_staff_member(user):
        return redirect("portal:home")
    next_url = safe_next(request, reverse("accounts:panel"))
    device = second_factor.confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('accounts:setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                audit.record(actor=user, action="accounts.login", target=user, request=request)
                return redirect(next_url)
        security_events.second_factor_failed(request, user, step="verify")
        form.add_error(
            "code",
            _(
                "El código no es válido o ya se usó. Escriba el código que muestra ahora su "
                "aplicación; tras varios intentos fallidos deberá esperar unos segundos."
            ),
        )
    demo_code = second_factor.current_code(device) if settings.DEMO_MODE else None
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": next_url, "demo_code": demo_code},
    )


def setup(request: HttpRequest) -> HttpResponse:
    """First staff login: enrol an authenticator app by scanning a QR code."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if not permissions.is_staff_member(user):
        return redirect("portal:home")
    next_url = safe_next(request, reverse("accounts:panel"))
    if second_factor.confirmed_device(user) is not None:
        return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': next_url})}")
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            confirmed = second_factor.confirm_device(device, form.cleaned_data["code"])
            if confirmed:
                otp_login(request, device)
                audit.record(
                    actor=user,
                    action="accounts.second_factor_enrolled",
                    target=user,
                    request=request,
                )
        if confirmed:
            messages.success(request, _("Listo: su segundo factor quedó activo."))
            return redirect(next_url)
        security_events.second_factor_failed(request, user, step="setup")
        form.add_error(
            "code",
            _(
                "El código no coincide. Revise la hora de su teléfono e intente con el código nuevo."
            ),
        )
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": second_factor.qr_svg(device),
            "secret": second_factor.secret_for_manual_entry(device),
            "demo_code": second_factor.current_code(device) if settings.DEMO_MODE else None,
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Cerró su sesión."))
    return redirect("portal:home")


@permissions.staff_view()
def panel(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = permissions.role_of(user)
    if role == Role.ADMIN and not first_run.is_set_up():
        return redirect("entity:first_run")
    items = [i for i in navigation.items_for(user) if i.url_name != "accounts:panel"]
    return render(
        request,
        "accounts/panel.html",
        {
            "items": items,
            # The role and departments of this entity's membership (permissions.role_of).
            "role": Role(role),
            # (departments are the entity's own, so only this entity's membership matches)
            "departments": Department.objects.filter(
                memberships__user=user, memberships__is_active=True
            ).order_by("name"),
            # Also refreshes the menu's badges (todo.remember_counts).
            "pending": todo.collect(user, timezone.localdate()),
        },
    )
