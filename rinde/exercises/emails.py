"""One function per e-mail; each renders a subject/text/HTML triplet."""

from rinde.core.emails import send_templated


def send_duty_warning(exercise, duties, recipients: list[str], link: str) -> None:
    send_templated(
        "exercises/emails/duty_warning",
        recipients,
        {"exercise": exercise, "duties": duties, "link": link},
    )
