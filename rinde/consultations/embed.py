"""The survey widget's stand-in for Django's CSRF check.

Inside another site's iframe the browser keeps Rinde's cookies to itself (third-party
cookies are blocked, and a SameSite=Lax CSRF cookie is never sent), so the cookie-based
CSRF check refuses every answer with a 403. The widget view is therefore `csrf_exempt`
and checks a seal in its place: a signed, timestamped value naming the survey and the
form's start token (core.antispam). The seal ties the post to this survey's form, lives
EMBED_MAX_SECONDS, and the start token it names is spent once by the submission
(antispam.spend_form_token), so a replay is refused as spent.
"""

from django.core import signing

EMBED_MAX_SECONDS = 60 * 60
_SALT = "rinde.consultations.embed"


def _value(survey_pk: int, start_token: str) -> str:
    return f"{survey_pk}|{start_token}"


def seal(survey_pk: int, start_token: str) -> str:
    """The hidden field the widget's form carries in place of the CSRF token."""
    return signing.TimestampSigner(salt=_SALT).sign(_value(survey_pk, start_token))


def seal_is_valid(value: str, *, survey_pk: int, start_token: str) -> bool:
    """Whether a posted seal was signed by us, recently, for this survey and this start
    token (a seal taken from another survey's widget, or with another token, fails)."""
    try:
        signed = signing.TimestampSigner(salt=_SALT).unsign(value, max_age=EMBED_MAX_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return signed == _value(survey_pk, start_token)
