from rinde.core.emails import send_templated


def send_invitation(invitation, link: str) -> None:
    send_templated(
        "accounts/emails/invitation",
        [invitation.email],
        {"invitation": invitation, "link": link, "expires_at": invitation.expires_at},
    )


# The templates the password-reset view names (accounts/urls.py).
PASSWORD_RESET_TEMPLATES = {
    "subject_template_name": "accounts/emails/password_reset_subject.txt",
    "email_template_name": "accounts/emails/password_reset.txt",
    "html_email_template_name": "accounts/emails/password_reset.html",
}


def send_password_reset(user, *, domain: str, use_https: bool) -> None:
    """Django's password-reset message, with its token made when it is sent: only the
    user's id travels in the queue, never a working link."""
    from django.contrib.auth.forms import PasswordResetForm
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    PasswordResetForm().send_mail(
        PASSWORD_RESET_TEMPLATES["subject_template_name"],
        PASSWORD_RESET_TEMPLATES["email_template_name"],
        context,
        None,
        user.email,
        html_email_template_name=PASSWORD_RESET_TEMPLATES["html_email_template_name"],
    )
