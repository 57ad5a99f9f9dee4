"""The staff and their invitations, kept by the administrator in the panel; the pages an
invited person (and the first administrator) use to create their own account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import invitation_links, invitations, services
from rinde.accounts.forms import FirstAdminForm, InvitationForm, NewAccountForm, StaffUserForm
from rinde.accounts.models import Invitation, Membership, Role, User
from rinde.accounts.permissions import staff_view
from rinde.core.antispam import RATE_LIMIT_MESSAGE, check_rate_limit

# Both logins use the membership backend; django-axes' backend only counts failures.
BACKEND = "rinde.accounts.backends.MembershipBackend"


@staff_view(Role.ADMIN)
def staff(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = invitations.invite(**form.cleaned_data, actor=request.user, request=request)
        messages.success(
            request, _("Invitación enviada a %(email)s.") % {"email": invitation.email}
        )
        return redirect("accounts:staff")
    # This entity's people only: their memberships here (another entity's are not listed).
    people = (
        Membership.objects.select_related("user")
        .annotate(
            has_second_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)
            )
        )
        .prefetch_related("departments")
        .order_by("-is_active", "user__last_name", "user__username")
    )
    pending = (
        Invitation.objects.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .prefetch_related("departments")
        .order_by("-created_at")
    )
    return render(
        request, "accounts/staff.html", {"people": people, "pending": pending, "form": form}
    )


@staff_view(Role.ADMIN)
def staff_edit(request, pk):
    # By the person's id, within this entity's memberships: another entity's person is 404.
    membership = get_object_or_404(Membership.objects.select_related("user"), user_id=pk)
    person = membership.user
    form = StaffUserForm(request.POST or None, instance=person, membership=membership)
    if request.method == "POST" and form.is_valid():
        if person == request.user and (
            form.cleaned_data["role"] != Role.ADMIN or not form.cleaned_data["is_active"]
        ):
            form.add_error(None, _("No puede quitarse a sí mismo el rol de administrador."))
        else:
            services.update_staff_member(
                membership, **form.cleaned_data, actor=request.user, request=request
            )
            messages.success(request, _("Cuenta actualizada."))
            return redirect("accounts:staff")
    return render(request, "accounts/staff_form.html", {"form": form, "person": person})


@staff_view(Role.ADMIN)
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, accepted_at=None, revoked_at=None)
    invitations.resend(invitation, actor=request.user, request=request)
    messages.success(request, _("Invitación enviada de nuevo; el enlace anterior ya no sirve."))
    return redirect("accounts:staff")


@staff_view(Role.ADMIN)
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, accepted_at=None, revoked_at=None)
    invitations.revoke(invitation, actor=request.user, request=request)
    messages.success(request, _("Invitación anulada."))
    return redirect("accounts:staff")


def invitation_accept(request, token):
    invitation = invitation_links.pending(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if User.objects.filter(email__iexact=invitation.email, is_active=True).exists():
        return _accept_with_account(request, invitation)
    form = NewAccountForm(request.POST or None, initial={"position": invitation.position})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(invitation, **form.account_values(), request=request)
        except invitations.InvitationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, user, backend=BACKEND)
        messages.success(request, _("Cuenta creada. Ahora active su segundo factor."))
        return redirect("accounts:setup")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _accept_with_account(request, invitation):
    """The invited e-mail has an account already (staff of another entity): its owner
    logs in and accepts; this entity is added to the account they have."""
    user = request.user
    if not user.is_authenticated or user.email.lower() != invitation.email:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            invitations.accept_existing(invitation, user, request=request)
        except invitations.InvitationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(request, _("Listo: ya hace parte del personal de esta entidad."))
        return redirect("accounts:panel")
    return render(request, "accounts/invitation_accept_existing.html", {"invitation": invitation})


def first_admin(request):
    """An installation without an administrator: whoever holds the server's first-run
    code creates one. Closed for good once an administrator exists."""
    if not invitations.needs_first_admin():
        return redirect("accounts:login")
    if request.method == "GET":
        invitations.log_first_admin_code()
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and not check_rate_limit(
        request, "first_admin", limit=10, per_seconds=3600
    ):
        form.add_error(None, RATE_LIMIT_MESSAGE)
    elif request.method == "POST" and form.is_valid():
        try:
            user = invitations.create_first_admin(**form.account_values(), request=request)
        except invitations.InvitationError:
            return redirect("accounts:login")
        login(request, user, backend=BACKEND)
        messages.success(
            request, _("Cuenta de administrador creada. Ahora active su segundo factor.")
        )
        return redirect("accounts:setup")
    return render(request, "accounts/first_admin.html", {"form": form})
