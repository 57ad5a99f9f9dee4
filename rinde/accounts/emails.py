from django.conf import settings

from rinde.core.emails import send_templated


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
            "site_url": settings.SITE_URL.rstrip("/"),
            "total": sum(item.count for item in items),
            "overdue": sum(1 for item in items if item.overdue),
        },
    )
