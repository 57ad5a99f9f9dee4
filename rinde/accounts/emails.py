from rinde.core.emails import send_templated


def send_invitation(invitation, link: str) -> None:
    send_templated(
        "accounts/emails/invitation",
        [invitation.email],
        {"invitation": invitation, "link": link, "expires_at": invitation.expires_at},
    )
