"""The broadcast chat's import (ICT, planning): upload a CSV export, see every line in a
preview, confirm it. Parsing is chat_import; storing the confirmed lines,
services.import_chat_rows."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import upload_preview
from rinde.exercises.models import Exercise
from rinde.questions import chat_import, forms, intake, services
from rinde.questions.staff_views import exercise_for_staff_entry

# The decoded text is kept (not the rows): the confirmation parses it again with the
# hearing day as it is then.
PREVIEW_FLOW = "questions:chat"


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
            preview_key = upload_preview.keep(request, PREVIEW_FLOW, text)
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
    preview_key = request.POST.get("preview", "")
    stored = upload_preview.take(request, PREVIEW_FLOW, preview_key)
    if not stored:
        messages.error(request, upload_preview.EXPIRED_MESSAGE)
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
    upload_preview.drop(request, PREVIEW_FLOW, preview_key)
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
