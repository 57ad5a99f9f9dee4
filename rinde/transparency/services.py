"""Changes to the Transparencia menu's settings: each one transaction with its audit entry,
and the public pages refreshed."""

from django.db import transaction

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.transparency.models import ItemSetting


def save_setting(*, form, actor, request=None) -> ItemSetting:
    with transaction.atomic():
        created = form.instance.pk is None
        changes = audit.form_changes(form)
        setting = form.save(commit=False)
        setting.updated_by = actor
        setting.save()
        audit.record(
            actor=actor,
            action="transparency.setting_created" if created else "transparency.setting_updated",
            target=setting,
            changes=changes,
            request=request,
        )
        refresh_public_pages()
    return setting


def clear_setting(setting: ItemSetting, *, actor, request=None) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="transparency.setting_cleared",
            target=setting,
            changes={
                "setting": [setting.setting, ""],
                "url": [setting.url, ""],
                "reason": [setting.reason, ""],
            },
            request=request,
        )
        setting.delete()
        refresh_public_pages()
