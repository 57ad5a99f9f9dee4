"""Changes to the Transparencia menu's settings: each one transaction with its audit entry,
and the public pages refreshed."""

from django.db import transaction

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.transparency.models import ItemSetting


def save_setting(
    *, number: str, setting: str, url: str, label: str, reason: str, actor, request=None
) -> ItemSetting:
    """Create or change what the administrator says of item `number` (values checked by
    forms.ItemSettingForm); audited with each changed field."""
    after = {"setting": setting, "url": url, "label": label, "reason": reason}
    with transaction.atomic():
        existing = ItemSetting.objects.select_for_update().filter(number=number).first()
        created = existing is None
        item = ItemSetting(number=number) if existing is None else existing
        before = {field: getattr(item, field) for field in after}
        for field, value in after.items():
            setattr(item, field, value)
        item.updated_by = actor
        item.save()
        audit.record(
            actor=actor,
            action="transparency.setting_created" if created else "transparency.setting_updated",
            target=item,
            changes=audit.diff(before, after),
            request=request,
        )
        refresh_public_pages()
    return item


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
