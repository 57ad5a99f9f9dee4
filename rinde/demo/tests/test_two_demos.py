"""Two entities side by side on one installation (issue 19): the demo loaded for the first
entity and again for a second, each reached under its /e/<slug>/ prefix, with the same
volume, its own rows only on its pages, and a reload of one leaving the other's rows alone."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command

from rinde.accounts.models import User
from rinde.entity import scoping
from rinde.entity.models import Entity
from rinde.questions.models import Question

pytestmark = pytest.mark.django_db

SECOND = ("alcaldia-de-tenjo", "Alcaldía de Tenjo")
CODE = re.compile(r"RC\d{4}-[A-Z0-9]{6}")
# Written on every save or refresh, whichever entity's work ran: not the row's content.
CLOCK_FIELDS = {"updated_at", "computed_at"}


def keyed_models() -> list:
    return [
        model
        for model in apps.get_models()
        if any(
            field.name == "entity" and field.related_model is Entity
            for field in model._meta.concrete_fields
        )
    ]


def rows_of(model, entity: Entity):
    manager = model._default_manager
    queryset = manager.all()
    if hasattr(queryset, "across_entities"):
        queryset = queryset.across_entities()
    return queryset.filter(entity=entity)


# Children without the key, counted through their parent's: those the demo matches by a
# site-wide code, and a few of the largest.
CHILDREN = {
    "exercises.Registration": "event__exercise__entity",
    "fieldwork.FieldComment": "project__plan__entity",
    "exercises.Event": "exercise__entity",
    "evaluation.Response": "form__entity",
    "plan.Indicator": "plan__entity",
}


def counts(entity: Entity) -> dict[str, int]:
    found = {model._meta.label: rows_of(model, entity).count() for model in keyed_models()}
    for label, key in CHILDREN.items():
        found[label] = apps.get_model(label)._default_manager.filter(**{key: entity}).count()
    return found


def snapshot(entity: Entity) -> dict[str, list]:
    """Every keyed row of `entity`, its content as stored."""
    out = {}
    for model in keyed_models():
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in CLOCK_FIELDS]
        out[model._meta.label] = list(rows_of(model, entity).order_by("pk").values_list(*fields))
    return out


def public_codes(entity: Entity) -> set[str]:
    with scoping.activate(entity):
        return set(Question.objects.public().values_list("tracking_code", flat=True))


def pages(slug: str, code: str) -> dict[str, str]:
    prefix = f"/e/{slug}"
    return {
        "home": f"{prefix}/",
        "exercise": f"{prefix}/rendicion/2023/",
        "questions": f"{prefix}/rendicion/2023/preguntas/",
        "plan": f"{prefix}/plan/",
        "question": f"{prefix}/preguntas/{code}/",
        "open data": f"{prefix}/datos/preguntas-ciudadanas.csv",
    }


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_two_demos_side_by_side(client):
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts", "--entity", SECOND[0], "--name", SECOND[1])
    first, second = Entity.objects.order_by("pk")
    assert (second.slug, second.name) == SECOND
    assert first.name == "Alcaldía de Itagüí"

    # The same demo volume, model by model, each entity's rows under its own key.
    first_counts = counts(first)
    assert first_counts == counts(second)
    assert first_counts["questions.Question"] == 13
    assert first_counts["consultations.SurveyResponse"] > 1000
    assert first_counts["exercises.Registration"] == 3
    assert first_counts["fieldwork.FieldComment"] == 4
    # Site-wide names do not collide: the second demo's people carry its slug.
    assert User.objects.filter(username="tic-alcaldia-de-tenjo", role="ict").exists()
    assert User.objects.count() == 14

    codes = {entity: public_codes(entity) for entity in (first, second)}
    assert len(codes[first]) == len(codes[second]) > 5
    assert not codes[first] & codes[second]
    for entity, other in ((first, second), (second, first)):
        own_code = sorted(codes[entity])[0]
        for name, path in pages(entity.slug, own_code).items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            text = body(response)
            shown = set(CODE.findall(text))
            assert not shown & codes[other], (name, path, shown & codes[other])
            if name in ("questions", "open data"):
                assert shown == codes[entity], (name, path)
            if name != "open data":
                assert (SECOND[1] in text) == (entity == second), (name, path)
        # The other entity's question is not found under this entity's prefix.
        foreign = sorted(codes[other])[0]
        assert client.get(f"/e/{entity.slug}/preguntas/{foreign}/").status_code == 404

    # Loading the first entity's demo again leaves the second's rows as they were.
    before = snapshot(second)
    call_command("load_demo", "--quiet-accounts")
    assert snapshot(second) == before
    assert counts(first) == first_counts


def test_each_home_shows_its_own_survey_and_forum_only(client):
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts", "--entity", SECOND[0], "--name", SECOND[1])
    for entity in Entity.objects.order_by("pk"):
        text = body(client.get(f"/e/{entity.slug}/"))
        # The current exercise's survey and forum are open on the day of the load.
        assert (text.count("Encuesta:"), text.count("Foro:")) == (1, 1), entity.slug
