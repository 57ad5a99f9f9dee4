from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.search.models import Kind


class SearchForm(forms.Form):
    """The search box and its filters, read from the address (GET): a search is a page
    anyone can link to, and nothing is written."""

    q = forms.CharField(
        label=_("Palabras"), required=False, max_length=200, widget=forms.SearchInput()
    )
    tipo = forms.ChoiceField(label=_("Tipo"), required=False)
    ejercicio = forms.ChoiceField(label=_("Ejercicio"), required=False)

    def __init__(self, *args, exercises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = {e.slug: e for e in exercises}
        self.fields["tipo"].choices = [("", _("Todos"))] + list(Kind.choices)
        self.fields["ejercicio"].choices = [("", _("Todos"))] + [
            (e.slug, e.title) for e in exercises
        ]

    def clean_q(self) -> str:
        # PostgreSQL refuses NUL in a query; nothing else needs taking out.
        return self.cleaned_data["q"].replace("\x00", "")

    @property
    def exercise(self):
        return self.exercises.get(self.cleaned_data.get("ejercicio", ""))
