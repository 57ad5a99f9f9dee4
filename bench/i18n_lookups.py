"""Cost of the interface's translation lookups in the configured language: every msgid
Rinde's templates translate, looked up as a page would (best of 7 runs of 10 passes).

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=rinde.settings_test .venv/bin/python bench/i18n_lookups.py

Run it with LANGUAGE_CODE "es-co" and "es" to compare (docs/i18n.md has the figures)."""

import re
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import django


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.utils import formats, translation
    from django.utils.translation import gettext

    pattern = re.compile(r'{% translate "([^"]+)"')
    ids = sorted(
        {m for path in Path("rinde").rglob("*.html") for m in pattern.findall(path.read_text())}
    )
    with translation.override(settings.LANGUAGE_CODE):
        gettext("warm up")
        best = float("inf")
        for _run in range(7):
            start = time.perf_counter()
            for _pass in range(10):
                for msgid in ids:
                    gettext(msgid)
            best = min(best, (time.perf_counter() - start) / (10 * len(ids)))
        print(
            f"{settings.LANGUAGE_CODE}: {len(ids)} msgids, {best * 1e6:.2f} µs a lookup, "
            f"{best * 150 * 1e3:.2f} ms for a page's 150 lookups;",
            f"Save → {gettext('Save')};",
            formats.number_format(Decimal("1234567.5"), 1, force_grouping=True),
            formats.date_format(date(2024, 1, 31)),
        )


if __name__ == "__main__":
    main()
