from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.outreach.models import Bulletin, Episode, Piece


class PieceForm(forms.ModelForm):
    class Meta:
        model = Piece
        fields = [
            "title",
            "channel",
            "audiences",
            "starts_on",
            "ends_on",
            "quantity",
            "places",
            "status",
            "planned_reach",
            "achieved_reach",
            "cost",
            "design",
            "responsible",
        ]
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("La fecha final es anterior a la inicial."))
        return cleaned


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["aired_on", "tv_channel", "topics", "video_url", "has_captions"]
        widgets = {"aired_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["exercise", "title", "slug", "lead", "body", "image", "image_alt"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "lead": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "body": _("HTML sencillo: párrafos, listas, negrita, enlaces. Se limpia al guardar."),
            "slug": _("La dirección del boletín: palabras en minúscula separadas por guiones."),
        }

    def clean_body(self):
        from rinde.core.sanitize import clean_html

        return clean_html(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describa la imagen para quien no puede verla."))
        return cleaned
