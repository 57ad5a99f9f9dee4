"""Nothing crosses (issue 19, item 2; docs/tenancy.md, step 9): every URL of the URL conf
that names an object, asked at entity A's address with entity B's object, answers 404.

The URL patterns are walked from the resolver: a pattern with arguments must have a row in
ROUTES (how to fill its arguments from B's objects) or in EXEMPT (why it needs none), so a
new URL cannot skip the check. Public URLs are asked by an anonymous visitor, staff URLs
(under /panel/) by A's verified administrator, who is let into A's panel: a 403 or a
redirect to the login would prove nothing. Each URL is asked with GET and with POST; each
must answer 404 (405 for a method the view does not take, never for both), and B's rows
must be the same afterwards. The same URL at B's address, by B's administrator, must not
answer 404: otherwise the row fills the arguments wrong and the 404 at A proves nothing.

A second test asks every URL without arguments at A's address and looks for the marker
every shown text of B's rows carries (isolation_data.MARKER).
"""

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rinde.accounts import invitation_links
from rinde.accounts.tests.factories import login_verified
from rinde.consultations import confirmation
from rinde.entity.tests.isolation_data import B_ONLY_PLAN_SLUG, MARKER, World, build_world
from rinde.holders import access
from rinde.outreach import outbox
from rinde.portal import datasets
from rinde.subscriptions import links as subscription_links

Kwargs = Callable[[World], dict[str, Any]]


def _past(w: World) -> dict[str, Any]:
    # B's exercise at the slug A also has: the child in the URL is what must be refused.
    return {"slug": w.past_exercise.slug}


def _b_only(w: World) -> dict[str, Any]:
    # B's exercise at a slug A does not have.
    return {"slug": w.current_exercise.slug}


def _event(w: World) -> dict[str, Any]:
    return {**_past(w), "pk": w.event.pk}


def _plan_child(code: str) -> Kwargs:
    def kwargs(w: World) -> dict[str, Any]:
        return {"plan_slug": w.plan.slug, "code": getattr(w, code).code}

    return kwargs


def _field_comment(w: World) -> dict[str, Any]:
    comment = w.field_comment
    return {"plan_slug": w.plan.slug, "code": comment.project.code, "pk": comment.pk}


def _pk(name: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, name).pk}


# How to fill each URL's arguments with B's objects.
ROUTES: dict[str, Kwargs] = {
    # Open data: the set's name is a fixed catalogue; a set's rows are checked by the
    # parameterless test's walk over every set (test_lists_at_a_show_nothing_of_b).
    # questions
    "questions:list": _b_only,
    "questions:ask": _b_only,
    "questions:report": _b_only,
    "questions:report_pdf": _b_only,
    "questions:report_xlsx": _b_only,
    "questions:live": _b_only,
    "questions:live_feed": _b_only,
    # Tracking codes are unique site-wide, and looked up within the request's entity.
    "questions:detail": lambda w: {"code": w.question.tracking_code},
    "questions:received": lambda w: {"code": w.question.tracking_code},
    "questions:staff_detail": _pk("question"),
    "questions:staff_attachment": _pk("attachment"),
    "questions:staff_denial": _pk("question"),
    "questions:classify": _pk("question"),
    "questions:reject": _pk("question"),
    "questions:merge": _pk("question"),
    "questions:answered_at_hearing": _pk("question"),
    "questions:forward": _pk("question"),
    "questions:extend": _pk("question"),
    "questions:answer": _pk("question"),
    "questions:review": _pk("question"),
    # plan
    "plan:line": _plan_child("line"),
    "plan:program": _plan_child("program"),
    "plan:project": _plan_child("project"),
    "plan:overview": lambda w: {"plan_slug": B_ONLY_PLAN_SLUG},
    "plan:action_plan": lambda w: {"plan_slug": B_ONLY_PLAN_SLUG, "year": 2017},
    "plan:action_plan_xlsx": lambda w: {"plan_slug": B_ONLY_PLAN_SLUG, "year": 2017},
    "plan:staff_plan_edit": _pk("plan"),
    "plan:staff_plan_make_current": _pk("b_only_plan"),
    "plan:staff_action_plan": lambda w: {"pk": w.plan.pk, "year": w.plan.start_year},
    "plan:staff_report": _pk("cut"),
    "plan:staff_export": _pk("cut"),
    "plan:staff_import": _pk("cut"),
    "plan:staff_evidence": lambda w: {"pk": w.evidence.report_id},
    "plan:staff_evidence_remove": lambda w: {
        "pk": w.evidence.report_id,
        "evidence_pk": w.evidence.pk,
    },
    "plan:staff_evidence_file": lambda w: {
        "pk": w.evidence.report_id,
        "evidence_pk": w.evidence.pk,
    },
    "plan:staff_review": _pk("cut"),
    "plan:staff_correct": _pk("cut"),
    "plan:import_job": _pk("import_job"),
    "plan:import_job_confirm": _pk("import_job"),
    "plan:import_columns": _pk("import_job"),
    # evaluation
    "evaluation:answer": _b_only,
    "evaluation:thanks": _b_only,
    "evaluation:report": _b_only,
    "evaluation:short": _b_only,
    "evaluation:staff_form": _pk("form"),
    "evaluation:staff_qr": lambda w: {"pk": w.form.pk, "fmt": "svg"},
    "evaluation:questions": _pk("form"),
    "evaluation:question_new": _pk("form"),
    "evaluation:question_edit": lambda w: {
        "pk": w.form.pk,
        "question_pk": w.evaluation_question.pk,
    },
    "evaluation:question_delete": lambda w: {
        "pk": w.form.pk,
        "question_pk": w.evaluation_question.pk,
    },
    "evaluation:question_move": lambda w: {
        "pk": w.form.pk,
        "question_pk": w.evaluation_question.pk,
    },
    "evaluation:staff_paper": _pk("form"),
    "evaluation:staff_text": lambda w: {"pk": w.form.pk, "answer_pk": w.evaluation_answer.pk},
    "evaluation:staff_report": _b_only,
    # improvements
    "improvements:public": _b_only,
    "improvements:staff_edit": _pk("improvement"),
    # consultations
    "consultations:survey": _b_only,
    "consultations:thanks": _b_only,
    "consultations:confirm": lambda w: {
        "slug": w.current_exercise.slug,
        "token": signing.dumps(w.survey_response.pk, salt=confirmation.SALT),
    },
    "consultations:widget": _b_only,
    "consultations:widget_thanks": _b_only,
    "consultations:banner": _b_only,
    "consultations:forum": _b_only,
    "consultations:comment": _b_only,
    "consultations:flag": lambda w: {**_past(w), "pk": w.comment.pk},
    "consultations:moderate": _pk("comment"),
    "consultations:summary": _pk("forum"),
    "consultations:moderation_restore": _pk("comment"),
    "consultations:moderation_block": _pk("comment"),
    "consultations:moderation_unblock": _pk("blocked"),
    "consultations:survey_edit": _pk("survey"),
    "consultations:survey_delete": _pk("survey"),
    "consultations:forum_edit": _pk("forum"),
    "consultations:forum_delete": _pk("forum"),
    "consultations:staff_export": _pk("survey"),
    "consultations:staff_export_xlsx": _pk("survey"),
    "consultations:forum_export": lambda w: {"pk": w.forum.pk, "fmt": "csv"},
    # outreach
    "outreach:episodes": _b_only,
    "outreach:archive": _b_only,
    "outreach:unsubscribe": lambda w: {"token": outbox.unsubscribe_token(w.media_contact)},
    "outreach:bulletin": lambda w: {"slug": w.bulletin.slug},
    "outreach:staff_list": _pk("media_list"),
    "outreach:staff_bulletin": _pk("bulletin"),
    "outreach:staff_bulletin_action": lambda w: {"pk": w.bulletin.pk, "action": "probar"},
    "outreach:piece_edit": _pk("piece"),
    "outreach:episode_edit": _pk("episode"),
    "outreach:episode_delete": _pk("episode"),
    "outreach:deliverable_edit": _pk("deliverable"),
    "outreach:deliverable_delete": _pk("deliverable"),
    "outreach:archive_zip_download": _pk("archive_export"),
    # subscriptions
    "subscriptions:project": _pk("project"),
    "subscriptions:question": lambda w: {"code": w.question.tracking_code},
    "subscriptions:confirm": lambda w: {"token": subscription_links.confirm_token(w.subscription)},
    "subscriptions:unsubscribe": lambda w: {
        "token": subscription_links.unsubscribe_token(w.subscription)
    },
    # fieldwork
    "fieldwork:comments": _plan_child("project"),
    "fieldwork:comment": _plan_child("project"),
    "fieldwork:flag": _field_comment,
    "fieldwork:received": lambda w: {"code": w.field_comment.tracking_code},
    "fieldwork:moderate": _pk("field_comment"),
    "fieldwork:answer": _pk("field_comment"),
    # accounts
    "accounts:invitation_resend": _pk("invitation"),
    "accounts:invitation_revoke": _pk("invitation"),
    "accounts:invitation": lambda w: {"token": invitation_links._token(w.invitation)},
    # A staff member's page: B's people are B's members (accounts.Membership).
    "accounts:staff_edit": _pk("b_admin"),
    # exercises
    "exercises:detail": _b_only,
    "exercises:panel_exercise": _b_only,
    "exercises:panel_document_upload": _b_only,
    "exercises:panel_action": _pk("action"),
    "exercises:panel_document_unpublish": _pk("document"),
    "exercises:panel_document_file": _pk("document"),
    "exercises:panel_document_publish": _pk("document"),
    "exercises:event": _event,
    "exercises:event_ics": _event,
    "exercises:register": lambda w: {**_event(w), "kind": "asistir"},
    "exercises:registration_done": lambda w: {
        "slug": w.registration.event.exercise.slug,
        "pk": w.registration.event_id,
        "code": w.registration.code,
    },
    "exercises:panel_registrations": _pk("event"),
    "exercises:panel_registrations_csv": _pk("event"),
    "exercises:panel_registrations_xlsx": _pk("event"),
    "exercises:panel_check_in": _pk("registration"),
    "exercises:panel_event_create": _b_only,
    "exercises:panel_event_edit": _event,
    "exercises:panel_exercise_edit": _b_only,
    "exercises:panel_action_create": _b_only,
    "exercises:panel_action_delete": _pk("action"),
    # entity
    "entity:department_edit": _pk("department"),
    "entity:non_working_day_remove": _pk("non_working_day"),
    # holders
    "holders:enter": lambda w: {"token": signing.dumps(w.access_link.nonce, salt=access.SALT)},
    "holders:request_done": lambda w: {"code": w.holder_request.tracking_code},
    "holders:staff_detail": _pk("holder_request"),
}

# URL patterns with arguments that name no object of an entity, or that this test cannot
# ask for B's: why each is left out.
EXEMPT: dict[str, str] = {
    "portal:dataset": (
        "the set's name is one of a fixed catalogue, no entity's row; every set's content "
        "at A is checked for B's rows by test_lists_at_a_show_nothing_of_b"
    ),
    "questions:quarterly_download": (
        "a period, not a row: A's report for a quarter counts A's own requests (scoped "
        "Question and QuarterlyReport reads)"
    ),
    "transparency:panel_edit": (
        "the number names an item of the national Transparencia catalogue (Resolución "
        "1519), not a row; the panel edits the request entity's own setting for it"
    ),
    "transparency:panel_clear": "the same catalogue number as transparency:panel_edit",
    "hosting:panel_entity_suspend": (
        "the host's panel (a host-level path, host administrators only) acts on entities "
        "themselves: hosting/tests refuse it to an entity's staff"
    ),
    "hosting:panel_entity_reactivate": "the host's panel, as hosting:panel_entity_suspend",
    "accounts:password_reset_confirm": (
        "a password reset link names a site-wide user (Django's uidb64 and token)"
    ),
    "holders:download": (
        "the format only: the data is the signed-in holder's own, by e-mail address"
    ),
    "media": (
        "public files, served by nginx with no entity as in production; each is under its "
        "entity's folder e/<id>/ (step 7) and named by an unguessable token; private files "
        "go through the views this test asks"
    ),
}
# Whole namespaces left out, with why.
EXEMPT_NAMESPACES: dict[str, str] = {
    "admin": "Django admin: the superuser's site-wide repair tool (the host's, step 10)",
}


# Statuses other than 404 that reveal nothing of B's object, with why.
ALSO_REFUSED: dict[str, tuple[set[int], str]] = {
    "holders:enter": ({410}, "a link not found answers 410, as for an expired or made-up one"),
    "holders:request_done": ({302}, "sends a visitor without a holder's session to sign in"),
    "consultations:confirm": (
        {400},
        "a link whose response is not found answers 400, as a bad one",
    ),
}
# Rows whose URL answers 404 at B too, for a state of B's object the demo does not have:
# their check at A still holds (a 404), but proves less.
NOT_FOUND_AT_B: dict[str, str] = {
    "questions:ask": "the current exercise takes no questions yet on the demo's day",
    "questions:live": "no live hearing in the current exercise on the demo's day",
    "plan:action_plan": "B's older plan has no published action plan",
    "plan:action_plan_xlsx": "B's older plan has no published action plan",
    "outreach:archive_zip_download": "the archive export has no file until its task runs",
}
# What a POST-only view needs to reach its lookup at B (the sanity check).
POST_DATA: dict[str, dict[str, str]] = {
    "consultations:moderate": {"action": "restore"},
    "fieldwork:moderate": {"action": "restore"},
}


def walk(patterns=None, namespace: str = "", route: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern, namespaces and includes followed."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or ''}", route + str(pattern.pattern)


def takes_arguments(route: str) -> bool:
    return "<" in route or "(?P" in route


def named_urls(with_arguments: bool) -> list[str]:
    names = []
    for name, route in walk():
        if name.split(":")[0] in EXEMPT_NAMESPACES or takes_arguments(route) != with_arguments:
            continue
        if name.endswith(":") and not with_arguments:
            continue  # unnamed (favicon.ico): not reversible, lists nothing
        if name not in names:
            names.append(name)
    return names


def is_staff(path: str) -> bool:
    return path.startswith("/panel/")


def path_for(name: str, kwargs: dict[str, Any]) -> str:
    """The entity-relative path: reverse() outside a request has the root script prefix."""
    # Some names have two patterns (plan:line with and without the plan's slug): the
    # arguments given pick one.
    return reverse(name, kwargs=kwargs)


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table that B's data lives in."""
    digests = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "auth", "contenttypes"):
            continue
        if model._meta.label in ("core.AuditEntry", "core.AuditChainHead", "core.SpentFormToken"):
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digests[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def test_every_url_with_arguments_has_a_row():
    missing = [name for name in named_urls(with_arguments=True) if name not in ROUTES | EXEMPT]
    stale = [name for name in ROUTES | EXEMPT if name not in named_urls(with_arguments=True)]
    assert not missing, (
        "URLs with arguments that the isolation test does not ask: add a row to ROUTES "
        "(how to fill them with entity B's objects) or to EXEMPT (why not): "
        + ", ".join(f'"{name}": …' for name in missing)
    )
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _client(user=None) -> Client:
    # A view that fails answers 500 here, listed with the rest, instead of stopping the walk.
    client = Client(raise_request_exception=False)
    if user is not None:
        login_verified(client, user)
    return client


def test_no_url_of_a_serves_an_object_of_b(world):
    paths = {name: path_for(name, ROUTES[name](world)) for name in ROUTES}
    a_staff, b_staff, anonymous = _client(world.a_admin), _client(world.b_admin), _client()
    before = fingerprint()
    leaks = []
    for name, path in paths.items():
        client = a_staff if is_staff(path) else anonymous
        at_a = f"/e/{world.a.slug}{path}"
        statuses = (client.get(at_a).status_code, client.post(at_a).status_code)
        refused = {404} | ALSO_REFUSED.get(name, (set(), ""))[0]
        if set(statuses) - refused - {405} or not refused & set(statuses):
            leaks.append(f"{name} {at_a}: GET {statuses[0]}, POST {statuses[1]}")
    changed = [label for label, digest in fingerprint().items() if before[label] != digest]

    # The same URLs at B's own address find the objects: the rows fill them right.
    unfilled = []
    for name, path in paths.items():
        client = b_staff if is_staff(path) else anonymous
        at_b = f"/e/{world.b.slug}{path}"
        status = client.get(at_b).status_code
        if status == 405:
            continue  # a POST-only view: asked with a POST below, after every GET
        if status == 404 and name not in NOT_FOUND_AT_B:
            unfilled.append(f"{name} {at_b}: GET 404")
    assert not leaks, "URLs of A that serve B's objects:\n" + "\n".join(leaks)
    assert not changed, f"requests at A changed B's rows in {changed}"
    assert not unfilled, "rows that do not find B's objects at B:\n" + "\n".join(unfilled)


def test_post_only_urls_find_b_objects_at_b(world):
    """The POST-only views' rows fill them right: at B, by B's staff, no 404."""
    b_staff, anonymous = _client(world.b_admin), _client()
    unfilled = []
    for name, kwargs in ROUTES.items():
        path = path_for(name, kwargs(world))
        client = b_staff if is_staff(path) else anonymous
        at_b = f"/e/{world.b.slug}{path}"
        if client.get(at_b).status_code != 405:
            continue
        status = client.post(at_b, POST_DATA.get(name, {})).status_code
        if status == 404:
            unfilled.append(f"{name} {at_b}: POST 404")
    assert not unfilled, "rows that do not find B's objects at B:\n" + "\n".join(unfilled)


# Parameterless URLs not asked by the list test, with why.
NOT_LISTS: dict[str, str] = {
    "accounts:logout": "ends the session the next staff pages need",
    "holders:leave": "ends the holder's session; lists nothing",
    "metrics": "host-level, refused to a visitor",
    "hosting:entities": "host-level on purpose: compares every entity's published figures",
    "api:not_found": "a catch-all pattern, no page",
    "accounts:staff": "accounts are site-wide and carry no marker; the list shows the request entity's members only (accounts/tests, memberships)",
}


def test_lists_at_a_show_nothing_of_b(world):
    a_staff, anonymous = _client(world.a_admin), _client()
    paths = [reverse(name) for name in named_urls(with_arguments=False) if name not in NOT_LISTS]
    # Words in B's titles; not the marker itself, which the results page repeats.
    paths += [reverse("search:search") + f"?q={word}" for word in ("rendicion", "via", "audiencia")]
    paths += [
        reverse("portal:dataset", kwargs={"slug": slug, "fmt": fmt})
        for slug in (dataset.slug for dataset in datasets.DATASETS)
        for fmt in ("csv", "json")
    ]
    shown = []
    for path in paths:
        client = a_staff if is_staff(path) else anonymous
        response = client.get(f"/e/{world.a.slug}{path}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if MARKER.encode() in body:
            shown.append(f"{path} ({response.status_code})")
    assert not shown, "pages of A that show B's rows:\n" + "\n".join(shown)


def test_a_tracking_code_of_b_typed_at_a_is_not_found(world):
    """Codes are unique site-wide (a letter's code finds one question), and the lookup
    reads the request's entity: B's code typed at A is "not found", at B it is found."""
    code = world.question.tracking_code
    lookup = reverse("questions:lookup")
    for typed in (code, code[-6:]):  # the whole code, or its last six symbols
        at_a = Client().get(f"/e/{world.a.slug}{lookup}", {"codigo": typed})
        at_b = Client().get(f"/e/{world.b.slug}{lookup}", {"codigo": typed})
        assert at_a.status_code == 404
        assert b"No encontramos una pregunta" in at_a.content
        assert at_b.status_code == 302
