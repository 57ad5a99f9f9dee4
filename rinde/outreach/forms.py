from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from rinde.core.files import clean_upload
from rinde.core.sanitize import clean_html
from rinde.outreach.models import (
    Bulletin,
    Deliverable,
    DeliverableKind,
    Episode,
    MediaList,
    Medium,
    Piece,
    Scope,
)

IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
PHOTO_MAX_BYTES = 10 * 1024 * 1024
DESIGN_MAX_BYTES = 25 * 1024 * 1024
# Before the first-run set-up there is no entity to file a bulletin or a list under.
NO_ENTITY_YET = _("Registre primero los datos de la entidad.")


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
        labels = {"exercise": _("Ejercicio de rendición de cuentas")}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "lead": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "body": _("HTML sencillo: párrafos, listas, negrita, enlaces. Se limpia al guardar."),
            "slug": _("La dirección del boletín: palabras en minúscula separadas por guiones."),
        }

    def clean_slug(self):
        # Unique within the bulletin's entity: a constraint the form does not check by
        # itself, since the entity is not one of its fields.
        slug = self.cleaned_data["slug"]
        if self.instance.entity_id is None:
            raise forms.ValidationError(NO_ENTITY_YET)
        taken = Bulletin.objects.filter(entity=self.instance.entity_id, slug=slug)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ya hay un boletín con esa dirección: escriba otra."))
        return slug

    def clean_body(self):
        return clean_html(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describa la imagen para quien no puede verla."))
        return cleaned


class MediaListForm(forms.ModelForm):
    class Meta:
        model = MediaList
        fields = ["name", "description"]
        help_texts = {"name": _("Por ejemplo: Medios locales, Medios nacionales.")}

    def clean_name(self):
        # Unique within the list's entity (see BulletinForm.clean_slug).
        name = self.cleaned_data["name"]
        if self.instance.entity_id is None:
            raise forms.ValidationError(NO_ENTITY_YET)
        taken = MediaList.objects.filter(entity=self.instance.entity_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ya hay una lista de medios con ese nombre."))
        return name


class DirectoryFilterForm(forms.Form):
    """Filters of the media directory (GET), when choosing outlets for a list."""

    alcance = forms.ChoiceField(
        label=_("Alcance"), choices=[("", _("Todos"))] + Scope.choices, required=False
    )
    tipo = forms.ChoiceField(
        label=_("Tipo de medio"), choices=[("", _("Todos"))] + Medium.choices, required=False
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"scope": "", "medium": ""}
        return {"scope": self.cleaned_data["alcance"], "medium": self.cleaned_data["tipo"]}


class MediaListChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (%(n)d medios sin baja)") % {"name": obj.name, "n": obj.reachable}


class SendBulletinForm(forms.Form):
    lists = MediaListChoiceField(
        label=_("Listas de medios"),
        queryset=MediaList.objects.annotate(
            reachable=Count("contacts", filter=Q(contacts__opted_out_at__isnull=True))
        ).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Elija al menos una lista de medios.")},
        help_text=_(
            "Quien esté en dos listas lo recibe una sola vez; a quien se dio de baja no se le envía."
        ),
    )


class DeliverableForm(forms.ModelForm):
    """What each kind needs: a photo, an image file with alt text and credit; a video, its
    link; a design, an image or PDF file. Files are checked by content, not by name."""

    class Meta:
        model = Deliverable
        fields = ["kind", "title", "file", "alt_text", "credit", "video_url", "has_captions"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "file": _(
                "Fotos: JPEG, PNG o WEBP de hasta 10 MB. Diseños: imagen o PDF de hasta 25 MB."
            ),
            "alt_text": _(
                "Obligatorio en fotos: describa lo que muestra para quien no puede verla."
            ),
            "credit": _("Obligatorio en fotos: quién la tomó."),
            "video_url": _("Obligatorio en videos."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios need no "— Elija una opción —": it would be one more radio, checked.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != ""]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        upload = cleaned.get("file")
        is_new_upload = hasattr(upload, "content_type")
        if kind == DeliverableKind.PHOTO:
            if not upload:
                self.add_error("file", _("Suba la foto."))
            elif is_new_upload:
                self._check_file(upload, IMAGE_TYPES, PHOTO_MAX_BYTES)
            if not (cleaned.get("alt_text") or "").strip():
                self.add_error(
                    "alt_text",
                    _("Escriba el texto alternativo: describa la foto para quien no puede verla."),
                )
            if not (cleaned.get("credit") or "").strip():
                self.add_error("credit", _("Escriba el crédito de la foto: quién la tomó."))
        elif kind == DeliverableKind.VIDEO:
            if not cleaned.get("video_url") and "video_url" not in self.errors:
                self.add_error("video_url", _("Escriba el enlace al video."))
            if is_new_upload:
                self.add_error("file", _("Un video se registra con su enlace, no con un archivo."))
        elif kind == DeliverableKind.DESIGN:
            if not upload:
                self.add_error("file", _("Suba el archivo del diseño."))
            elif is_new_upload:
                self._check_file(upload, IMAGE_TYPES | {"application/pdf"}, DESIGN_MAX_BYTES)
        return cleaned

    def _check_file(self, upload, allowed: set[str], max_bytes: int) -> None:
        """Store only the cleaned file (re-encoded image or checked PDF, generated name);
        the person's file name is kept as data."""
        try:
            clean = clean_upload(upload, allowed=allowed, max_bytes=max_bytes)
        except forms.ValidationError as error:
            self.add_error("file", error)
            return
        self.cleaned_data["file"] = clean
        self.instance.original_name = clean.original_name
