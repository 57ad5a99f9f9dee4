"""Review of issue 16: every page bench/run.py measures answers 200 on the demo it runs on
(a path that 404s would be measured as a fast error page, or fail the run)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def bench_pages() -> list[str]:
    path = Path(settings.BASE_DIR) / "bench" / "run.py"
    source = path.read_text()
    # The list only: run.py imports the bench helpers, which need wrk and a server.
    start = source.index("PAGES = [")
    namespace: dict = {}
    exec(source[start : source.index("]", start) + 1], namespace)  # noqa: S102 - our own file
    return namespace["PAGES"]


def test_every_bench_page_answers_on_the_demo(client):
    call_command("load_demo", "--quiet-accounts")
    pages = bench_pages()
    assert "/api/preguntas" in pages
    for path in pages:
        assert client.get(path).status_code == 200, path
