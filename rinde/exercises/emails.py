"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from rinde.entity import work
from rinde.entity.emails import send_templated
from rinde.entity.models import Entity


def send_duty_warning(exercise, duties, recipients: list[str], link: str) -> None:
    send_templated(
        "exercises/emails/duty_warning",
        recipients,
        {"exercise": exercise, "duties": duties, "link": link},
    )


def send_registration_confirmation(registration) -> None:
    """Plain text: the registration code and the event, to show at the door."""
    body = render_to_string(
        "exercises/emails/registration_confirmation.txt",
        {
            "registration": registration,
            "event": registration.event,
            "entity": Entity.objects.current(),
        },
    )
    send_mail(
        _("Su inscripción %(code)s: %(event)s")
        % {"code": registration.code, "event": registration.event.title},
        body,
        work.sender(),
        [registration.email],
    )


def send_registration_reminder(registration) -> None:
    body = render_to_string(
        "exercises/emails/registration_reminder.txt",
        {
            "registration": registration,
            "event": registration.event,
            "entity": Entity.objects.current(),
        },
    )
    send_mail(
        _("Mañana: %(event)s (código %(code)s)")
        % {"event": registration.event.title, "code": registration.code},
        body,
        work.sender(),
        [registration.email],
    )
