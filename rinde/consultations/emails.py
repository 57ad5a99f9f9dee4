"""One function per e-mail; each renders a subject/text/HTML triplet."""

from rinde.entity.emails import send_templated


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"consultations/emails/{template}", to, context)


def send_answer_confirmation(response, link: str) -> None:
    _send("confirm_answer", [response.email], {"survey": response.survey, "link": link})
