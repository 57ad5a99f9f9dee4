from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.plan.models import Plan


class PlanForm(forms.ModelForm):
    """A plan as planning creates it from the panel: its years, act, cut frequency and
    traffic-light thresholds, and the departments it needs that do not exist yet."""

    make_current = forms.BooleanField(
        label=_("Hacerlo el plan vigente"),
        required=False,
        help_text=_("El plan vigente es el que muestra /plan/ y el que reciben los cortes."),
    )
    new_departments = forms.CharField(
        label=_("Dependencias nuevas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Una por línea. Las que ya existen (por nombre) se dejan como están; las demás se crean."
        ),
    )

    class Meta:
        model = Plan
        fields = [
            "name",
            "start_year",
            "end_year",
            "adopting_act",
            "reporting_frequency",
            "light_red_below",
            "light_green_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The years make the plan's public address: fixed once it exists.
            for name in ("start_year", "end_year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Los años forman la dirección pública del plan.")
            if self.instance.reports.exists():
                # Periods already reported would no longer be periods of the plan.
                self.fields["reporting_frequency"].disabled = True
                self.fields["reporting_frequency"].help_text = _(
                    "La frecuencia no cambia cuando ya hay cortes."
                )
            if self.instance.is_current:
                del self.fields["make_current"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and not (2000 <= start <= end <= start + 12):
            self.add_error(
                "end_year", _("El año final va después del inicial (un plan dura cuatro años).")
            )
        red, green = data.get("light_red_below"), data.get("light_green_from")
        if red is not None and green is not None and red > green:
            self.add_error(
                "light_green_from", _("El verde empieza donde termina el rojo o después.")
            )
        return data

    def departments(self) -> list[str]:
        return self.cleaned_data.get("new_departments", "").splitlines()

    def plan_values(self) -> dict:
        """{model field: value} for plans.save_plan (a disabled field keeps its stored value)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
