from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rinde.accounts import lockout
from rinde.accounts.invitations import code_matches
from rinde.accounts.models import Invitation, Membership, Role, User
from rinde.entity.models import Department


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Usuario"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "El usuario o la contraseña no son correctos. Revise ambos; las mayúsculas cuentan."
        ),
        "inactive": _("Esta cuenta está desactivada. Escriba al administrador de la plataforma."),
    }

    def get_invalid_login_error(self):
        # Axes has counted this failure already (user_login_failed, inside authenticate).
        error = super().get_invalid_login_error()
        left = lockout.warning(self.request, self.cleaned_data.get("username", ""))
        return error if left is None else ValidationError([error, left])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código de verificación"),
        help_text=_("Los 6 dígitos que muestra su aplicación autenticadora."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Escriba el código de 6 dígitos."),
            "min_length": _("El código tiene 6 dígitos."),
            "max_length": _("El código tiene 6 dígitos."),
        },
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("El código solo lleva números."))
        return code


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "departments", "position"]
        widgets = {"departments": forms.CheckboxSelectMultiple}
        help_texts = {
            "departments": _("Solo para el rol «Enlace de dependencia»: las que atiende."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.active()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        # A person with an account elsewhere is invited all the same: accepting adds this
        # entity to their account (invitations.accept_existing).
        if Membership.objects.filter(
            user__email__iexact=email, user__is_active=True, is_active=True
        ).exists():
            raise forms.ValidationError(_("Esa persona ya hace parte del personal."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.OFFICER and not cleaned.get("departments"):
            self.add_error(
                "departments", _("Un enlace de dependencia necesita al menos una dependencia.")
            )
        return cleaned


class NewAccountForm(BaseUserCreationForm):
    """The account an invited person (or the first administrator) creates for themselves."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "position"]
        labels = {"username": _("Usuario")}
        help_texts = {"username": _("Con el que ingresará. Letras, números y @ . + - _")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def account_values(self) -> dict:
        """The account's fields as checked, and the password to set (for the services in
        accounts.invitations)."""
        # Not the first administrator's code: it proves who runs the server, it is not kept.
        fields = [name for name in self._meta.fields or () if name != "code"]
        return {name: self.cleaned_data[name] for name in fields} | {
            "password": self.cleaned_data["password1"]
        }


class FirstAdminForm(NewAccountForm):
    code = forms.CharField(
        label=_("Código de primer uso"),
        help_text=_(
            "Lo escribe el servidor en su registro al abrir esta página (busque "
            "«first-run code»). Demuestra que usted administra el servidor."
        ),
    )

    class Meta(NewAccountForm.Meta):
        fields = ["code", "username", "email", "first_name", "last_name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_code(self):
        code = self.cleaned_data["code"]

        if not code_matches(code):
            raise forms.ValidationError(
                _("El código no coincide con el del registro del servidor.")
            )
        return code


class StaffUserForm(forms.ModelForm):
    """A staff member as the entity's administrator keeps them: the account's names, and
    their membership here (role, departments, active), which is this entity's alone."""

    role = forms.ChoiceField(
        label=_("Rol"), choices=[c for c in Role.choices if c[0] != Role.CITIZEN]
    )
    is_active = forms.BooleanField(
        label=_("Activa en esta entidad"),
        required=False,
        help_text=_(
            "Sin marcar, la persona no entra al panel de esta entidad; su historial se "
            "conserva, y también su cuenta en otras entidades."
        ),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "position"]

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "role": membership.role,
                "departments": list(membership.departments.all()),
                "is_active": membership.is_active,
            },
        )
        super().__init__(*args, **kwargs)
        # Set here, not in the field: the active entity's departments, read per request.
        self.fields["departments"] = forms.ModelMultipleChoiceField(
            label=_("Dependencias"),
            queryset=Department.objects.active(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["first_name", "last_name", "position", "role", "departments"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.OFFICER and not cleaned.get("departments"):
            self.add_error(
                "departments", _("Un enlace de dependencia necesita al menos una dependencia.")
            )
        return cleaned
