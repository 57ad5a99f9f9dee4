from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rinde.entity import work
from rinde.entity.emails import send_templated


def send_invitation(invitation, link: str) -> None:
    send_templated(
        "accounts/emails/invitation",
        [invitation.email],
        {"invitation": invitation, "link": link, "expires_at": invitation.expires_at},
    )


def send_todo_digest(user, items, today, link: str) -> None:
    send_templated(
        "accounts/emails/todo_digest",
        [user.email],
        {
            "user": user,
            "items": items,
            "today": today,
            "link": link,
            "site_url": work.site_url(),
            "total": sum(item.count for item in items),
            "overdue": sum(1 for item in items if item.overdue),
        },
    )


def send_password_reset(user, *, domain: str, use_https: bool) -> None:
    """Django's password-reset message (the templates accounts/urls.py names), with its
    token made when it is sent: only the user's id travels in the queue, never a working
    link. Sent here rather than by PasswordResetForm.send_mail, which swallows a mail
    server's error (nothing could be retried)."""
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    send_templated("accounts/emails/password_reset", [user.email], context)
