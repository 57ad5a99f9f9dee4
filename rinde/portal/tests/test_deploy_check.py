import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "una-clave-de-produccion-larga-y-aleatoria-" + "x9Qm2Lp7Zr" * 5,
    "ALLOWED_HOSTS": "rendicion.itagui.gov.co",
    "RINDE_HTTPS": "1",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.itagui.gov.co",
}


def run_check_deploy(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "RINDE_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "rinde.settings", **extra_env})
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_the_demo_mode_is_left_on():
    result = run_check_deploy({**PRODUCTION_ENV, "RINDE_DEMO": "1"})
    assert result.returncode != 0
    assert "rinde.W001" in result.stdout + result.stderr
