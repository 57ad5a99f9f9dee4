"""`make bench`, a publication (issue 17): planning approves an answer, then a plan cut,
through the staff pages of deploy-local (nginx, gunicorn, the task worker, PostgreSQL,
Redis) while anonymous readers poll the public pages through nginx; the time from the
approval until every reader sees it. A cut shows once the worker has recomputed the plan's
stored figures (plan.tasks.rebuild_plan_figures), so its figure includes the worker's turn.

Target (issue 17): visible to anonymous readers within 10 s.

Each reader behaves as a browser does with the headers it gets: it keeps its copy while
Cache-Control's max-age says it is fresh (showing that copy), then asks again with
If-None-Match (a 304 keeps the copy). So the figure adds up nginx's micro-cache, Django's
own cache and the browser's copy, the three places an old page can wait.
"""

import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

from common import BROWSER_HEADERS, StaffClient, deployed, load_average, stack_python

TARGET_SECONDS = 10.0
GIVE_UP_SECONDS = 60.0
READERS_PER_PAGE = 6
POLL_SECONDS = 0.25
APPROVER = "planeacion"  # Planning approves answers (questions.services.review_answer)

# Set-up, not measured: a citizen's question, classified to a department by planning, so
# that planning may draft its answer and then approve it through the staff pages.
NEW_QUESTION = """
from rinde.accounts.models import User
from rinde.entity.models import Department
from rinde.exercises.models import Exercise
from rinde.questions import intake, services
exercise = Exercise.objects.get(year=2023)
question = intake.receive_question(
    exercise=exercise, text="¿Cuándo publican la respuesta de la prueba de publicación {asked}?"
)
services.classify_question(
    question,
    actor=User.objects.get(username={approver!r}),
    department=Department.objects.active().order_by("pk").first(),
    kind=question.kind,
    topic="Prueba de publicación",
)
print(question.pk, question.tracking_code)
"""


# Set-up of the cut, not measured: a correction of the latest published cut of a
# department (the same figures, a new version), sent for review; its reason, published with
# the version, is what readers look for on one of its projects' pages.
NEW_CUT = """
from rinde.accounts.models import User
from rinde.plan import services
from rinde.plan.models import ProgressReport
planning = User.objects.get(username={approver!r})
published = ProgressReport.objects.filter(
    state="approved", project_progress__isnull=False
).order_by("-period", "department_id").first()
draft = services.correct_report(published, actor=planning, reason={mark!r})
services.submit_report(draft, actor=planning)
print(draft.pk, draft.project_progress.order_by("project__code").first().project.code)
"""


class Reader(threading.Thread):
    """An anonymous browser showing `url`, reloading every POLL_SECONDS."""

    def __init__(self, url: str, mark: str, start_delay: float):
        super().__init__(daemon=True)
        self.url, self.mark, self.start_delay = url, mark, start_delay
        self.body, self.etag, self.fresh_until = b"", "", 0.0
        self.seen_at: float | None = None
        self.requests = self.errors = 0
        self.stop = threading.Event()

    def shown(self) -> bytes:
        if time.monotonic() < self.fresh_until:
            return self.body  # the browser's copy, without asking
        headers = dict(h.split(": ", 1) for h in BROWSER_HEADERS)
        headers["Accept-Encoding"] = "identity"  # read here; compression is not measured
        if self.etag:
            headers["If-None-Match"] = self.etag
        request = urllib.request.Request(self.url, headers=headers)  # noqa: S310
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                self.body = response.read()
                self.etag = response.headers.get("ETag", "")
                cache_control = response.headers.get("Cache-Control", "")
        except urllib.error.HTTPError as error:
            if error.code != 304:
                self.errors += 1
                return self.body
            cache_control = error.headers.get("Cache-Control", "")
        age = re.search(r"max-age=(\d+)", cache_control)
        if age and "no-store" not in cache_control and "no-cache" not in cache_control:
            self.fresh_until = time.monotonic() + int(age.group(1))
        return self.body

    def run(self) -> None:
        time.sleep(self.start_delay)
        while not self.stop.is_set():
            if self.seen_at is None and self.mark.encode() in self.shown():
                self.seen_at = time.monotonic()
                return
            time.sleep(POLL_SECONDS)


def main() -> int:
    with deployed() as local:
        staff = StaffClient(local.URL, APPROVER)
        staff.login(local)
        results = [answer_approved(local, staff), cut_approved(local, staff)]
    print(
        "== a publication, approved by planning through the staff pages of deploy-local: "
        "seconds until anonymous readers see it through nginx"
    )
    print(
        f"{READERS_PER_PAGE} readers per page, each a browser polling every {POLL_SECONDS} s "
        f"that keeps its copy while max-age says so; {load_average()}"
    )
    print(f"{'page':<40}{'median s':>10}{'slowest s':>11}{'target':>8}  requests")
    failed = False
    for title, readers, approved_at, took in results:
        print(f"{title} (the approval's own request: {took:.2f} s)")
        failed |= report(readers, approved_at)
    return 1 if failed else 0


def answer_approved(local, staff: StaffClient):
    mark = f"publicada-{uuid.uuid4().hex[:10]}"
    pk, code = stack_python(
        local, NEW_QUESTION.format(asked=uuid.uuid4().hex[:10], approver=APPROVER)
    ).split()
    detail = f"/panel/preguntas/{pk}/"
    answer = f"Respuesta aprobada en la prueba de publicación: {mark}."
    status, _, _ = staff.post(f"{detail}answer/", {"body": answer}, form_page=detail)
    if status != 200:
        raise SystemExit(f"drafting the answer failed: {status}")
    pages = {
        "  the question's page": f"/preguntas/{code}/",
        "  the answers report": "/rendicion/2023/preguntas/informe/",
    }
    approve = ("review/", detail, {"decision": "approve", "comment": ""})
    return ("an answer", *watch(local, staff, mark, pages, approve))


def cut_approved(local, staff: StaffClient):
    mark = f"Corrección de la prueba de publicación {uuid.uuid4().hex[:10]}"
    pk, project = stack_python(local, NEW_CUT.format(approver=APPROVER, mark=mark)).split()
    report_page = f"/panel/plan/cortes/{pk}/"
    pages = {"  the project's page": f"/plan/proyecto/{project}/"}
    approve = ("revisar/", report_page, {"decision": "approve", "comment": ""})
    return ("a plan cut (a corrected version)", *watch(local, staff, mark, pages, approve))


def watch(local, staff, mark: str, pages: dict[str, str], approve):
    """Readers on `pages` from before the approval until each sees `mark` (or gives up)."""
    action, page, fields = approve
    readers = {
        name: [
            Reader(local.URL + path, mark, n * 1.0 / READERS_PER_PAGE)
            for n in range(READERS_PER_PAGE)
        ]
        for name, path in pages.items()
    }
    everyone = [reader for group in readers.values() for reader in group]
    for reader in everyone:
        reader.start()
    # Every reader has the page, without the publication, in its browser's copy.
    time.sleep(6)
    if any(reader.seen_at for reader in everyone):
        raise SystemExit(f"{mark!r} was public before its approval")
    approved_at = time.monotonic()
    status, _, _ = staff.post(page + action, fields, form_page=page)
    took = time.monotonic() - approved_at
    if status != 200:
        raise SystemExit(f"the approval failed: {status}")
    deadline = approved_at + GIVE_UP_SECONDS
    while time.monotonic() < deadline and not all(r.seen_at for r in everyone):
        time.sleep(0.1)
    for reader in everyone:
        reader.stop.set()
    return readers, approved_at, took


def report(readers, approved_at: float) -> bool:
    """Print each page's figures; True when one misses the target."""
    failed = False
    for name, group in readers.items():
        delays = [r.seen_at - approved_at if r.seen_at else float("inf") for r in group]
        slowest = max(delays)
        errors = sum(r.errors for r in group)
        ok = slowest <= TARGET_SECONDS and not errors
        failed |= not ok
        print(
            f"{name:<40}{statistics.median(delays):>10.1f}{slowest:>11.1f}{TARGET_SECONDS:>8.0f}"
            f"  {sum(r.requests for r in group)} ({errors} errors) {'ok' if ok else 'ABOVE TARGET'}"
        )
    return failed


if __name__ == "__main__":
    sys.exit(main())
