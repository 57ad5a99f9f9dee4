"""Every staff URL × every role → the status it must answer, generated from the URL conf.

`MATRIX` lists one or more rows per URL name under /panel/ (Django admin and the login
steps have their own tests). A URL pattern without a row fails
`test_every_staff_url_has_a_row_in_the_matrix`, whose message prints the row to paste.

Cells, in the order of `ROLES` (permission_world.py):
    L    302 to the login page        403  refused (role or department)
    200  shown                        404  hidden (outside the user's departments)
    302  done, redirected elsewhere   400  allowed in, the (empty or sample) form refused
The officer acts for `department`, where every department-scoped object of the world
lives; the stranger is an officer of `other_department`.

GET for pages. A view that only takes POST is asked with POST (`post={}` an empty form, or
sample data where an empty form would stop before the service's own role check): a GET
would answer 405 to everyone and prove nothing. Each case runs in its own savepoint, so a
POST that publishes, sends or deletes leaves the shared world as it was for the next case.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from rinde.accounts.tests.factories import login_verified
from rinde.accounts.tests.permission_world import ROLES, build_world

# Under /panel/ but reachable before login: the login steps themselves.
OPEN_NAMES = {
    "accounts:login",
    "accounts:verify",
    "accounts:setup",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    "accounts:first_admin",
}


@dataclass(frozen=True)
class Row:
    name: str
    expected: tuple[str, ...]
    kwargs: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] | None = None  # None: GET

    def case_id(self) -> str:
        detail = ",".join(f"{k}={v}" for k, v in self.kwargs.items() if not v.startswith("{"))
        return f"{self.name}[{detail}]" if detail else self.name


def row(name: str, expected: str, *, post: dict | None = None, **kwargs: str) -> Row:
    """`kwargs` and `post` values are formatted with the world: "{cut.pk}", "{exercise.year}"."""
    cells = tuple(expected.split())
    assert len(cells) == len(ROLES), f"{name}: {len(cells)} cells for {len(ROLES)} roles"
    return Row(name, cells, kwargs, post)


# fmt: off
MATRIX = [
    # url name                                 ano cit adm ict com pla off str ove
    row("accounts:panel",                     "  L 403 200 200 200 200 200 200 200"),
    row("accounts:staff",                     "  L 403 200 403 403 403 403 403 403"),
    row("accounts:staff_edit",                "  L 403 200 403 403 403 403 403 403",
        pk="{users[planning].pk}"),
    row("accounts:invitation_resend",         "  L 403 302 403 403 403 403 403 403",
        pk="{invitation.pk}", post={}),
    row("accounts:invitation_revoke",         "  L 403 302 403 403 403 403 403 403",
        pk="{invitation.pk}", post={}),
    row("accounts:audit_list",                "  L 403 200 403 403 403 403 403 403"),
    row("entity:first_run",                   "  L 403 200 403 403 403 403 403 403"),
    row("entity:edit",                        "  L 403 200 403 403 403 403 403 403"),
    row("entity:departments",                 "  L 403 200 403 403 200 403 403 403"),
    row("entity:department_list",             "  L 403 200 403 403 200 403 403 403"),
    row("entity:department_edit",             "  L 403 200 403 403 200 403 403 403",
        pk="{department.pk}"),
    row("entity:non_working_days",            "  L 403 200 403 403 200 403 403 403"),
    row("entity:non_working_day_remove",      "  L 403 302 403 403 302 403 403 403",
        pk="{non_working_day.pk}", post={}),
    row("consultations:forum_export",         "  L 403 200 403 200 200 403 403 403",
        pk="{forum.pk}", fmt="csv"),
    row("consultations:forum_delete",         "  L 403 200 403 200 403 403 403 403",
        pk="{forum.pk}"),
    row("consultations:forum_edit",           "  L 403 200 403 200 403 403 403 403",
        pk="{forum.pk}"),
    row("consultations:forum_new",            "  L 403 200 403 200 403 403 403 403"),
    row("consultations:moderate",             "  L 403 302 403 302 403 403 403 403",
        pk="{comment.pk}",
        post={"action": "hide", "reason": "Publicidad"}),
    row("consultations:moderation",           "  L 403 200 403 200 403 403 403 403"),
    row("consultations:moderation_block",     "  L 403 200 403 200 403 403 403 403",
        pk="{comment.pk}"),
    row("consultations:moderation_restore",   "  L 403 200 403 200 403 403 403 403",
        pk="{comment.pk}"),
    row("consultations:moderation_unblock",   "  L 403 200 403 200 403 403 403 403",
        pk="{block.pk}"),
    row("fieldwork:staff_list",               "  L 403 200 403 200 200 200 200 403"),
    row("fieldwork:moderate",                 "  L 403 302 403 302 403 403 403 403",
        pk="{field_comment.pk}",
        post={"action": "hide", "reason": "Publicidad"}),
    row("fieldwork:answer",                   "  L 403 200 403 403 200 200 403 403",
        pk="{field_comment.pk}"),
    row("consultations:staff_export",         "  L 403 200 403 200 200 403 403 403",
        pk="{survey.pk}"),
    row("consultations:staff_export_xlsx",    "  L 403 200 403 200 200 403 403 403",
        pk="{survey.pk}"),
    row("consultations:staff_list",           "  L 403 200 403 200 200 403 403 403"),
    row("consultations:summary",              "  L 403 302 403 302 403 403 403 403",
        pk="{forum.pk}",
        post={}),
    row("consultations:survey_delete",        "  L 403 200 403 200 200 403 403 403",
        pk="{survey.pk}"),
    row("consultations:survey_edit",          "  L 403 200 403 200 200 403 403 403",
        pk="{survey.pk}"),
    row("consultations:survey_new",           "  L 403 200 403 200 200 403 403 403"),
    row("evaluation:question_delete",         "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}", question_pk="{evaluation_answer.question_id}"),
    row("evaluation:question_edit",           "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}", question_pk="{evaluation_answer.question_id}"),
    row("evaluation:question_move",           "  L 403 302 403 403 302 403 403 403",
        pk="{evaluation_form.pk}", question_pk="{evaluation_answer.question_id}",
        post={"direction": "down"}),
    row("evaluation:question_new",            "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}"),
    row("evaluation:questions",               "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}"),
    row("evaluation:staff_form",              "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}"),
    row("evaluation:staff_list",              "  L 403 200 403 403 200 403 403 403"),
    row("evaluation:staff_paper",             "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}"),
    row("evaluation:staff_qr",                "  L 403 200 403 403 200 403 403 403",
        pk="{evaluation_form.pk}", fmt="png"),
    row("evaluation:staff_report",            "  L 403 200 403 403 200 403 403 403",
        slug="{exercise.slug}"),
    row("evaluation:staff_text",              "  L 403 302 403 403 302 403 403 403",
        pk="{evaluation_form.pk}", answer_pk="{evaluation_answer.pk}",
        post={}),
    row("exercises:panel_action",             "  L 403 200 403 200 200 200 403 403",
        pk="{action.pk}"),
    row("exercises:panel_action_create",      "  L 403 200 403 200 200 403 403 403",
        slug="{exercise.slug}"),
    row("exercises:panel_action_delete",      "  L 403 302 403 302 302 403 403 403",
        pk="{action.pk}",
        post={}),
    row("exercises:panel_check_in",           "  L 403 302 403 302 302 403 403 403",
        pk="{registration.pk}",
        post={}),
    row("exercises:panel_create",             "  L 403 200 403 200 200 403 403 403"),
    # A draft: the veeduría sees only published documents and its own committee's.
    row("exercises:panel_document_file",      "  L 403 200 200 200 200 200 200 404",
        pk="{document.pk}"),
    row("exercises:panel_document_publish",   "  L 403 302 403 302 302 403 403 403",
        pk="{document.pk}",
        post={}),
    row("exercises:panel_document_unpublish", "  L 403 302 403 302 302 403 403 403",
        pk="{document.pk}",
        post={}),
    row("exercises:panel_document_upload",    "  L 403 200 200 200 200 403 403 200",
        slug="{exercise.slug}"),
    row("exercises:panel_event_create",       "  L 403 200 403 200 200 403 403 403",
        slug="{exercise.slug}"),
    row("exercises:panel_event_edit",         "  L 403 200 403 200 200 403 403 403",
        slug="{exercise.slug}", pk="{event.pk}"),
    row("exercises:panel_exercise",           "  L 403 200 200 200 200 200 200 200",
        slug="{exercise.slug}"),
    row("exercises:panel_exercise_edit",      "  L 403 200 403 200 200 403 403 403",
        slug="{exercise.slug}"),
    row("exercises:panel_list",               "  L 403 200 200 200 200 200 200 200"),
    row("exercises:panel_registrations",      "  L 403 200 403 200 200 403 403 403",
        pk="{event.pk}"),
    row("exercises:panel_registrations_csv",  "  L 403 200 403 200 200 403 403 403",
        pk="{event.pk}"),
    row("exercises:panel_registrations_xlsx", "  L 403 200 403 200 200 403 403 403",
        pk="{event.pk}"),
    row("holders:staff_detail",               "  L 403 200 200 403 403 403 403 403",
        pk="{holder_request.pk}"),
    row("holders:staff_list",                 "  L 403 200 200 403 403 403 403 403"),
    row("improvements:staff_edit",            "  L 403 200 403 403 200 200 403 403",
        pk="{improvement.pk}"),
    row("improvements:staff_list",            "  L 403 200 403 403 200 200 200 403"),
    row("improvements:staff_new",             "  L 403 200 403 403 200 403 403 403"),
    row("outreach:archive_zip",               "  L 403 302 403 302 403 403 403 403",
        post={"ejercicio": "{exercise.slug}"}),
    row("outreach:archive_zip_download",      "  L 403 200 403 200 403 403 403 403",
        pk="{archive_zip.pk}"),
    row("outreach:deliverable_delete",        "  L 403 302 403 302 403 403 403 403",
        pk="{deliverable.pk}",
        post={}),
    row("outreach:deliverable_edit",          "  L 403 200 403 200 403 403 403 403",
        pk="{deliverable.pk}"),
    row("outreach:deliverable_new",           "  L 403 200 403 200 403 403 403 403"),
    row("outreach:episode_delete",            "  L 403 200 403 200 403 403 403 403",
        pk="{episode.pk}"),
    row("outreach:episode_edit",              "  L 403 200 403 200 403 403 403 403",
        pk="{episode.pk}"),
    row("outreach:episode_new",               "  L 403 200 403 200 403 403 403 403"),
    row("outreach:piece_edit",                "  L 403 200 403 200 403 403 403 403",
        pk="{piece.pk}"),
    row("outreach:piece_new",                 "  L 403 200 403 200 403 403 403 403"),
    row("outreach:plan",                      "  L 403 200 403 200 403 403 403 403"),
    row("outreach:staff_archive",             "  L 403 200 403 200 403 403 403 403"),
    row("outreach:staff_bulletin",            "  L 403 200 403 200 403 403 403 403",
        pk="{bulletin.pk}"),
    row("outreach:staff_bulletin_action",     "  L 403 302 403 302 403 403 403 403",
        pk="{bulletin.pk}", action="publicar",
        post={}),
    row("outreach:staff_bulletin_new",        "  L 403 200 403 200 403 403 403 403"),
    row("outreach:staff_bulletins",           "  L 403 200 403 200 403 403 403 403"),
    row("outreach:staff_directory",           "  L 403 200 403 200 403 403 403 403"),
    row("outreach:staff_list",                "  L 403 200 403 200 403 403 403 403",
        pk="{media_list.pk}"),
    row("outreach:staff_lists",               "  L 403 200 403 200 403 403 403 403"),
    # The mapping step is its uploader's own: others get 404, the uploader of a job past
    # that step is sent to the job's page.
    row("plan:import_columns",                "  L 403 404 403 403 404 302 404 403",
        pk="{import_job.pk}"),
    row("plan:period_import",                 "  L 403 200 403 403 200 403 403 403"),
    row("plan:import_job",                    "  L 403 200 403 403 200 200 404 403",
        pk="{import_job.pk}"),
    row("plan:import_job_confirm",            "  L 403 302 403 403 302 302 404 403",
        pk="{import_job.pk}",
        post={}),
    row("plan:staff_correct",                 "  L 403 302 403 403 302 302 404 403",
        pk="{cut.pk}",
        post={}),
    row("plan:staff_evidence",                "  L 403 200 403 403 200 200 404 403", pk="{cut.pk}"),
    row("plan:staff_evidence_file",           "  L 403 200 403 403 200 200 404 403",
        pk="{cut.pk}", evidence_pk="{evidence.pk}"),
    row("plan:staff_evidence_remove",         "  L 403 302 403 403 302 302 404 403",
        pk="{cut.pk}", evidence_pk="{evidence.pk}",
        post={}),
    row("plan:staff_export",                  "  L 403 200 403 403 200 200 404 403", pk="{cut.pk}"),
    row("plan:staff_import",                  "  L 403 200 403 403 200 200 404 403", pk="{cut.pk}"),
    row("plan:staff_report",                  "  L 403 200 403 403 200 200 404 403", pk="{cut.pk}"),
    row("plan:staff_action_plan",             "  L 403 200 403 403 200 403 403 403",
        pk="{plan.pk}", year="{plan.start_year}"),
    row("plan:staff_plan_edit",               "  L 403 200 403 403 200 403 403 403",
        pk="{plan.pk}"),
    row("plan:staff_plan_make_current",       "  L 403 302 403 403 302 403 403 403",
        pk="{plan.pk}",
        post={}),
    row("plan:staff_plan_new",                "  L 403 200 403 403 200 403 403 403"),
    row("plan:staff_plans",                   "  L 403 200 403 403 200 403 403 403"),
    row("plan:staff_reports",                 "  L 403 200 403 403 200 200 200 403"),
    row("plan:staff_review",                  "  L 403 302 403 403 302 403 403 403",
        pk="{cut.pk}",
        post={}),
    row("plan:structure_export",              "  L 403 200 403 403 200 403 403 403"),
    row("plan:structure_import",              "  L 403 200 403 403 200 403 403 403"),
    row("plan:structure_template",            "  L 403 200 403 403 200 403 403 403"),
    row("questions:answer",                   "  L 403 302 403 403 302 302 404 403",
        pk="{question.pk}",
        post={"body": "La obra empieza en enero."}),
    row("questions:answered_at_hearing",      "  L 403 302 302 403 302 403 404 403",
        pk="{question.pk}",
        post={"minute": "01:23:45", "summary": "Respondida en vivo"}),
    row("questions:chat_upload",              "  L 403 200 200 403 200 403 403 403"),
    row("questions:classify",                 "  L 403 302 302 403 302 403 404 403",
        pk="{question.pk}",
        post={"topic": "Vías", "department": "{department.pk}", "kind": "general"}),
    row("questions:extend",                   "  L 403 302 403 403 302 302 404 403",
        pk="{question.pk}",
        post={"new_due_on": "{extend_to}", "reason": "Hace falta un estudio"}),
    row("questions:forward",                  "  L 403 302 302 403 302 403 404 403",
        pk="{question.pk}",
        post={"authority": "Gobernación de Antioquia"}),
    row("questions:merge",                    "  L 403 302 302 403 302 403 404 403",
        pk="{question.pk}",
        post={"into": "{other_question.tracking_code}"}),
    row("questions:reject",                   "  L 403 302 302 403 302 403 404 403",
        pk="{question.pk}",
        post={"reason": "Ofensiva"}),
    row("questions:review",                   "  L 403 302 403 403 302 403 404 403",
        pk="{question_in_review.pk}",
        post={"decision": "approve"}),
    row("questions:staff_attachment",         "  L 403 200 200 403 200 200 404 403",
        pk="{attachment.pk}"),
    row("questions:staff_board",              "  L 403 200 200 403 200 200 200 403"),
    row("questions:staff_denial",             "  L 403 200 302 403 200 200 404 403",
        pk="{question.pk}"),
    row("questions:staff_detail",             "  L 403 200 200 403 200 200 404 403",
        pk="{question.pk}"),
    row("questions:staff_new",                "  L 403 200 200 403 200 403 403 403"),
    row("transparency:panel",                 "  L 403 200 403 403 403 403 403 403"),
    row("transparency:panel_edit",            "  L 403 200 403 403 403 403 403 403",
        number="4.10"),
    row("transparency:panel_clear",           "  L 403 302 403 403 403 403 403 403",
        number="4.10", post={}),
]
# fmt: on


def staff_url_names() -> dict[str, str]:
    """Every named URL under /panel/ (but Django admin and the login steps): name → route."""
    found: dict[str, str] = {}

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else namespace
                walk(p.url_patterns, route, inner or p.namespace or "")
            elif isinstance(p, URLPattern) and route.startswith("panel/"):
                name = f"{namespace}:{p.name}" if namespace else str(p.name)
                if name not in OPEN_NAMES:
                    found[name] = route

    walk(get_resolver().url_patterns)
    return found


def suggested_row(name: str, route: str) -> str:
    """A starting point derived from staff_view's roles: check every cell before pasting."""
    from rinde.accounts.models import Role

    callback = get_resolver().resolve("/" + _sample_path(route)).func
    roles = set(getattr(callback, "staff_roles", ()))
    by_column = {
        "ict": Role.ICT,
        "communications": Role.COMMUNICATIONS,
        "planning": Role.PLANNING,
        "officer": Role.OFFICER,
        "stranger": Role.OFFICER,
        "oversight": Role.OVERSIGHT,
    }
    cells = ["L", "403", "200"] + [
        "200" if not roles or by_column[r] in roles else "403" for r in ROLES[3:]
    ]
    kwargs = "".join(f', {k}="{{FILL_ME.pk}}"' for k in _route_kwargs(route))
    head = f'row({f'"{name}",':<37} "{" ".join(c.rjust(3) for c in cells)}"'
    return f"{head}{kwargs}),  # {route}"


def _route_kwargs(route: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def _sample_path(route: str) -> str:
    import re

    samples = {None: "1", "int": "1", "exercise": "2023"}
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m[1], "x"), route)


def test_every_staff_url_has_a_row_in_the_matrix():
    urls = staff_url_names()
    listed = {r.name for r in MATRIX}
    missing = sorted(set(urls) - listed)
    assert not missing, (
        "Staff URLs without a row in MATRIX (rinde/accounts/tests/test_permission_matrix.py). "
        "Add one row each: point its kwargs at an object of permission_world.py (add the "
        "object there if it is new), make sure every cell is what that role must get, and "
        "paste:\n" + "\n".join("    " + suggested_row(n, urls[n]) for n in missing)
    )
    assert not listed - set(urls), f"Rows for URLs that no longer exist: {listed - set(urls)}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the whole matrix, rolled back at the end; each case runs in a savepoint
    inside it (pytest-django's per-test atomic), so no case sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _format(values: dict[str, str], world) -> dict[str, str]:
    return {k: v.format_map(vars(world)) for k, v in values.items()}


CASES = [
    pytest.param(r, role, expected, id=f"{r.case_id()}-{role}")
    for r in MATRIX
    for role, expected in zip(ROLES, r.expected, strict=True)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("matrix_row", "role", "expected"), CASES)
def test_staff_url_answers_each_role_as_the_matrix_says(client, world, matrix_row, role, expected):
    user = world.users[role]
    if user is not None:
        login_verified(client, user)
    url = reverse(matrix_row.name, kwargs=_format(matrix_row.kwargs, world))
    if matrix_row.post is None:
        response = client.get(url)
    else:
        response = client.post(url, _format(matrix_row.post, world))
    got = str(response.status_code)
    if got == "302" and response["Location"].startswith(reverse("accounts:login") + "?"):
        got = "L"
    assert got == expected, (
        f"{'POST' if matrix_row.post is not None else 'GET'} {url} as {role}: "
        f"got {got}, the matrix says {expected}"
    )


# What a department-scoped list shows each officer: their departments' rows, never others'.
LISTS = [
    ("questions:staff_board", "officer", "arreglan la vía", "abre el hospital"),
    ("questions:staff_board", "stranger", "abre el hospital", "arreglan la vía"),
    ("plan:staff_reports", "officer", "Secretaría de Infraestructura", "Secretaría de Salud"),
    ("plan:staff_reports", "stranger", "", "Secretaría de Infraestructura"),
    ("improvements:staff_list", "officer", "Más tiempo para preguntas", "Secretaría de Salud"),
    ("improvements:staff_list", "stranger", "", "Más tiempo para preguntas"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "shown", "hidden"), LISTS)
def test_department_lists_show_an_officer_only_their_departments(
    client, world, name, role, shown, hidden
):
    login_verified(client, world.users[role])
    page = client.get(reverse(name)).text
    assert shown in page
    assert hidden not in page
