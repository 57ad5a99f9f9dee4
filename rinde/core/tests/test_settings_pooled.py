import os
import subprocess
import sys

import pytest

SCRIPT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='rinde.settings'; django.setup();"
    "from django.conf import settings;"
    "print(settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False))"
)


@pytest.mark.parametrize(("pooled", "expected"), [("1", "True"), ("0", "False")])
def test_a_pooled_database_gets_no_server_side_cursors(pooled, expected, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "DATABASE_POOLED": pooled,
        "RINDE_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == expected
