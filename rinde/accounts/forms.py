from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
