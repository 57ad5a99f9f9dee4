"""The staff page to record (or withdraw) a denial of access to information on a request."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rinde.accounts.permissions import staff_view
from rinde.questions import denials
from rinde.questions.models import AccessDenial, DenialGround
from rinde.questions.permissions import QUESTION_STAFF_ROLES, access_question, can_answer


class DenialForm(forms.Form):
    ground = forms.ChoiceField(
        label=gettext_lazy("Causal legal"), choices=DenialGround.choices, widget=forms.RadioSelect
    )
    partial = forms.BooleanField(
        label=gettext_lazy("La negación es parcial (se entregó parte de la información)"),
        required=False,
    )
    explanation = forms.CharField(
        label=gettext_lazy("Motivo explicado al ciudadano"),
        help_text=gettext_lazy(
            "Se publica en el informe trimestral con los datos personales ocultos: no escriba "
            "nombres, correos ni teléfonos."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@staff_view(*QUESTION_STAFF_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def denial(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    if not can_answer(request.user, question):
        messages.error(request, _("Solo la dependencia de la pregunta o planeación lo registra."))
        return redirect("questions:staff_detail", pk=question.pk)
    existing = AccessDenial.objects.filter(question=question).first()
    initial = (
        {
            "ground": existing.ground,
            "partial": existing.partial,
            "explanation": existing.explanation,
        }
        if existing
        else {}
    )
    form = DenialForm(request.POST or None, initial=initial)
    if request.method == "POST" and "withdraw" in request.POST and existing:
        denials.withdraw_denial(question, actor=request.user, request=request)
        messages.success(request, _("Se retiró el registro de negación de acceso."))
        return redirect("questions:staff_detail", pk=question.pk)
    if request.method == "POST" and form.is_valid():
        try:
            denials.record_denial(
                question, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Quedó registrada la negación de acceso: el informe trimestral la cuenta."),
            )
            return redirect("questions:staff_detail", pk=question.pk)
    return render(
        request,
        "questions/staff_denial.html",
        {"question": question, "form": form, "existing": existing},
    )
