from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.outreach.models import Episode, Piece


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
