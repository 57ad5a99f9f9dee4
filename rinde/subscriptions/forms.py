from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField


class SubscriptionForm(PublicForm):
    email = EmailAddressField(
        label=_("Su correo electrónico"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Ley 1581 de 2012: prior, express authorization; its version is stored with it.
    data_authorized = forms.BooleanField(
        label=_(
            "Autorizo el uso de mi correo solo para enviarme estas novedades, según la "
            "política de tratamiento de datos. Puedo darme de baja en cualquier momento."
        ),
        error_messages={
            "required": _("Sin su autorización no podemos guardar su correo para escribirle.")
        },
    )

    field_order = ["email", "data_authorized"]
