"""One function per e-mail; each renders a subject/text/HTML triplet."""

from rinde.entity.emails import send_templated


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"holders/emails/{template}", to, context)


def send_access_link(email: str, link: str, hours: int) -> None:
    _send("access_link", [email], {"link": link, "hours": hours})


def send_request_receipt(holder_request) -> None:
    _send("request_receipt", [holder_request.email], {"holder_request": holder_request})


def send_request_answer(holder_request) -> None:
    _send("request_answer", [holder_request.email], {"holder_request": holder_request})


def send_request_extension(holder_request) -> None:
    _send("request_extension", [holder_request.email], {"holder_request": holder_request})
