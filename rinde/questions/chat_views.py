"""The broadcast chat's import (ICT, planning): upload a CSV export, see every line in a
preview, confirm it. Parsing is chat_import; storing the confirmed lines,
services.import_chat_rows."""

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.exercises.models import Exercise
from rinde.questions import chat_import, forms, intake, services
from rinde.questions.staff_views import exercise_for_staff_entry

CHAT_SESSION_KEY = "questions:chat_upload"
# Previews kept per session: one per open tab, each confirmed by its own key.
CHAT_PREVIEWS_KEPT = 5


def _chat_previews(request: HttpRequest) -> dict[str, str]:
    previews = request.session.get(CHAT_SESSION_KEY)
    return previews if isinstance(previews, dict) else {}


@staff_view(Role.ICT, Role.PLANNING)
def chat_upload(request: HttpRequest) -> HttpResponse:
    """Upload → preview with every error → confirm: all rows in one transaction, or none."""
    exercise, refusal = exercise_for_staff_entry(request)
    if refusal:
        return refusal
    hearing = intake.hearing_for(exercise)
    hearing_day = timezone.localdate(hearing.starts_at) if hearing else timezone.localdate()
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request, exercise, hearing_day)
    tz = timezone.get_current_timezone()
    form = forms.ChatUploadForm(request.POST or None, request.FILES or None)
    rows, errors, repeated, encoding, preview_key = [], [], set(), "", ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(chat_import.MAX_BYTES + 1)
        rows, errors = chat_import.parse_chat_csv(data, hearing_day)
        if rows and not errors:
            text, encoding = chat_import.decode_csv(data)
            # The confirm button names this preview: a file previewed in another tab since
            # must not be the one registered.
            preview_key = hashlib.sha256(text.encode()).hexdigest()[:16]
            previews = _chat_previews(request)
            previews.pop(preview_key, None)
            previews[preview_key] = text
            request.session[CHAT_SESSION_KEY] = dict(list(previews.items())[-CHAT_PREVIEWS_KEPT:])
            repeated = services.chat_rows_already_stored(exercise, rows, tz)
    return render(
        request,
        "questions/chat_upload.html",
        {
            "form": form,
            "rows": rows,
            "errors": errors,
            "repeated": repeated,
            "new_count": len(rows) - len(repeated),
            "encoding": encoding,
            "preview_key": preview_key,
            "exercise": exercise,
        },
        status=400 if errors else 200,
    )


def _confirm(request: HttpRequest, exercise: Exercise, hearing_day) -> HttpResponse:
    previews = _chat_previews(request)
    preview_key = request.POST.get("preview", "")
    stored = previews.get(preview_key)
    if not stored:
        messages.error(request, _("La vista previa venció. Suba el archivo otra vez."))
        return redirect(request.get_full_path())
    rows, errors = chat_import.parse_chat_text(stored, hearing_day)
    if errors:
        return redirect(request.get_full_path())
    imported = services.import_chat_rows(
        exercise=exercise,
        rows=rows,
        # Lines ICT marked in the preview as not questions (greetings, thanks).
        not_questions={int(n) for n in request.POST.getlist("omitir") if n.isdigit()},
        tz=timezone.get_current_timezone(),
        actor=request.user,
        request=request,
    )
    del previews[preview_key]
    request.session[CHAT_SESSION_KEY] = previews
    message = _("Se registraron %(n)d preguntas del chat.") % {"n": imported.registered}
    if imported.repeated:
        message += " " + _("%(n)d comentarios ya estaban registrados y no se repitieron.") % {
            "n": imported.repeated
        }
    if imported.skipped:
        message += " " + _("%(n)d líneas marcadas como «no es pregunta» no se registraron.") % {
            "n": imported.skipped
        }
    messages.success(request, message)
    return redirect("questions:staff_board")
