"""E-mail addresses as Rinde stores them: at most 254 characters.

Django's form EmailField takes up to 320 (RFC 3696) while models.EmailField stores 254 (RFC
5321's limit on a path), so a 255-320 character address passed the form and PostgreSQL
refused the row with a 500. Every form and import that takes an address uses this."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # models.EmailField's default

TOO_LONG = _("El correo tiene %(show_value)d caracteres; el máximo es %(limit_value)d.")


class EmailAddressField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs["max_length"] = MAX_LENGTH
        kwargs["error_messages"] = {"max_length": TOO_LONG, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)


def check_email_address(value: str) -> None:
    """Raise ValidationError unless `value` is an address Rinde can store."""
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            TOO_LONG,
            code="max_length",
            params={"show_value": len(value), "limit_value": MAX_LENGTH},
        )
    validate_email(value)
