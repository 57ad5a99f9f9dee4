"""A reader's report of a public comment (the forum's and the project comments'): the POST
half of the report page, the same everywhere.

The view shows the comment and the report form on their own page (a form makes a page
uncacheable: docs/conventions.md "Caching"), and on POST calls `take_report` with the
app's service. The service spends the form's start token in its transaction and returns
False when this reader had reported the comment already."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, PublicForm, check_rate_limit


def take_report(
    request: HttpRequest,
    form: PublicForm,
    *,
    report: Callable[..., bool],
    scope: str,
    limit: int,
    per_seconds: int,
    back_url: str,
) -> HttpResponseRedirect | None:
    """Check the rate limit and the form, call `report(reason=..., form_token=...)`, thank
    the reader and return to the page the report came from (303, so a reload posts
    nothing). None when the form is to be shown again with its errors."""
    if not check_rate_limit(request, scope, limit=limit, per_seconds=per_seconds):
        form.is_valid()
        form.add_error(None, RATE_LIMIT_MESSAGE)
        return None
    if not form.is_valid():
        return None
    try:
        counted = report(reason=form.cleaned_data["reason"], form_token=form.form_token)
    except FormTokenSpent:
        form.refuse_spent_token()
        return None
    if counted:
        messages.success(request, _("Gracias: un moderador revisará el comentario."))
    else:
        messages.info(request, _("Usted ya había reportado este comentario."))
    return HttpResponseRedirect(back_url, status=303)
