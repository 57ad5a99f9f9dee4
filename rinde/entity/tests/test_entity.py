import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.tests import hostile
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Entity, NonWorkingDay

pytestmark = pytest.mark.django_db

PNG = hostile.sound_png()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nit", "890980093", "dígito de verificación"),
        ("primary_colour", "azul", "#004884"),
        ("working_weekdays", "0,1,9", "0 (lunes)"),
    ],
)
def test_entity_fields_explain_bad_values_in_spanish(entity, field, value, message):
    setattr(entity, field, value)
    with pytest.raises(ValidationError) as error:
        entity.full_clean()
    assert message in str(error.value.message_dict[field])


def test_the_logo_is_checked_by_content_not_by_name(entity):
    entity.logo = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", "image/png")
    with pytest.raises(ValidationError) as error:
        entity.full_clean()
    assert "no es de un tipo permitido" in str(error.value.message_dict["logo"])

    entity.logo = SimpleUploadedFile("logo.txt", PNG, "text/plain")
    entity.full_clean()


def test_the_current_entity_is_cached_until_saved(entity, django_assert_num_queries):
    Entity.objects.current()
    with django_assert_num_queries(0):
        assert Entity.objects.current().name == entity.name
    entity.name = "Otra"
    entity.save()
    assert Entity.objects.current().name == "Otra"


def test_the_work_calendar_uses_the_entity_days(entity):
    from datetime import date

    NonWorkingDay.objects.create(date=date(2024, 12, 24), reason="Nochebuena")
    entity.working_weekdays = "0,1,2,3,4,5"
    entity.save()
    calendar = work_calendar()
    assert not calendar.is_business_day(date(2024, 12, 24))
    assert calendar.is_business_day(date(2024, 12, 21))  # a Saturday


def test_the_cached_calendar_follows_new_non_working_days(entity):
    from datetime import date

    assert work_calendar().is_business_day(date(2024, 12, 24))
    NonWorkingDay.objects.create(date=date(2024, 12, 24), reason="Nochebuena")
    assert not work_calendar().is_business_day(date(2024, 12, 24))


def test_a_value_cached_before_the_commit_is_dropped_after_it(entity):
    """A request served between the save and the commit may cache the old entity or
    calendar; the signal forgets them again once the change is committed."""
    from django.core.cache import cache
    from django.test import TestCase

    from rinde.entity.calendar import calendar_key
    from rinde.entity.models import ENTITY_CACHE_KEY

    with TestCase.captureOnCommitCallbacks(execute=True):
        entity.name = "Alcaldía Nueva"
        entity.save()
        cache.set_many({ENTITY_CACHE_KEY: "old", calendar_key(entity.pk): "old"})
    assert cache.get(ENTITY_CACHE_KEY) is None
    assert cache.get(calendar_key(entity.pk)) is None
