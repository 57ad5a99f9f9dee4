"""The scoped queryset (entity/scoped.py): a keyed model's queries read the active entity's
rows only, scoped when they run; with no entity active, one entity reads as before and
several fail closed."""

import pytest
from django import forms
from django.db.models import Count

from rinde.entity import scoping
from rinde.entity.models import Department, NonWorkingDay
from rinde.entity.scoped import NoEntityActive
from rinde.entity.tests.factories import make_department, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    tenjo = make_entity(name="Alcaldía de Tenjo", municipality="Tenjo")
    sanje = make_entity(name="Alcaldía de San Jerónimo", municipality="San Jerónimo")
    make_department("Secretaría de Hacienda", code="hacienda", entity=tenjo)
    make_department("Secretaría de Salud", code="salud", entity=tenjo)
    make_department("Secretaría de Gobierno", code="gobierno", entity=sanje)
    return tenjo, sanje


def test_every_way_a_query_runs_reads_the_active_entity_only(two):
    tenjo, sanje = two
    with scoping.activate(sanje):
        assert [d.name for d in Department.objects.all()] == ["Secretaría de Gobierno"]
        assert Department.objects.count() == 1
        assert Department.objects.filter(code="salud").exists() is False
        assert Department.objects.filter(code="salud").first() is None
        assert list(Department.objects.values_list("code", flat=True).iterator()) == ["gobierno"]
        assert Department.objects.aggregate(n=Count("pk")) == {"n": 1}
        with pytest.raises(Department.DoesNotExist):
            Department.objects.get(code="hacienda")
        # update and delete touch the active entity's rows only
        assert Department.objects.update(is_active=True) == 1
        Department.objects.filter(code__in=["hacienda", "salud"]).delete()
    with scoping.activate(tenjo):
        assert Department.objects.count() == 2
        # a scoped queryset used as a subquery carries the entity too
        gobierno = Department.objects.across_entities().filter(code="gobierno")
        assert (
            not Department.objects.across_entities()
            .filter(pk__in=Department.objects.filter(pk__in=gobierno.values("pk")).values("pk"))
            .exists()
        )


def test_the_entity_is_the_one_active_when_the_query_runs_not_when_it_was_built(two):
    tenjo, sanje = two
    built_with_none = Department.objects.order_by("name")

    class Pick(forms.Form):
        # Built at import in real forms, with no entity active.
        department = forms.ModelChoiceField(queryset=Department.objects.all())

    with scoping.activate(tenjo):
        assert [d.code for d in built_with_none] == ["hacienda", "salud"]
        form = Pick(
            data={"department": Department.objects.across_entities().get(code="gobierno").pk}
        )
        assert not form.is_valid()
        assert len(form.fields["department"].queryset) == 2
    with scoping.activate(sanje):
        form = Pick(
            data={"department": Department.objects.across_entities().get(code="gobierno").pk}
        )
        assert form.is_valid()


def test_with_several_entities_and_none_active_a_query_fails_closed(two):
    query = Department.objects.filter(is_active=True)  # building it is fine
    for run in (list, len, lambda q: q.count(), lambda q: q.exists(), lambda q: q.first()):
        with pytest.raises(NoEntityActive, match="entity.Department"):
            run(query.all())
    with pytest.raises(NoEntityActive):
        NonWorkingDay.objects.update(reason="x")
    assert Department.objects.across_entities().count() == 3


def test_one_entity_reads_as_before_with_no_entity_active():
    make_department("Secretaría de Hacienda", code="hacienda")
    assert Department.objects.count() == 1
    # a second entity ends "one": the cached answer is dropped with the new row
    make_entity(name="Alcaldía de Tenjo")
    with pytest.raises(NoEntityActive):
        Department.objects.count()


def test_a_new_row_takes_the_active_entity(two):
    tenjo, sanje = two
    with scoping.activate(sanje):
        made = make_department("Secretaría de Cultura", code="cultura", entity=scoping.active())
        assert Department.objects.filter(pk=made.pk).exists()
    with scoping.activate(tenjo):
        assert not Department.objects.filter(pk=made.pk).exists()
