"""Changes to the Transparencia menu's settings: each one transaction with its audit entry,
and the public pages refreshed."""

from django.db import transaction

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.entity.models import Entity
from rinde.transparency.models import ItemSetting


def setting_of(number: str, *, select_for_update: bool = False) -> ItemSetting | None:
    """What the entity of the work under way says of item `number` (the item's number is
    unique within an entity), or None."""
    settings = ItemSetting.objects.filter(entity_id=Entity.objects.current().pk, number=number)
    if select_for_update:
        settings = settings.select_for_update()
    return settings.first()


def save_setting(
    *, number: str, setting: str, url: str, label: str, reason: str, actor, request=None
) -> ItemSetting:
    """Create or change what the administrator says of item `number` (values checked by
    forms.ItemSettingForm); audited with each changed field."""
    after = {"setting": setting, "url": url, "label": label, "reason": reason}
    with transaction.atomic():
        existing = setting_of(number, select_for_update=True)
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
