import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import local, render


def test_every_server_template_is_filled_in(tmp_path):
    values = render.server_values("rendicion.example.gov.co", "postgres://rinde@db/rinde")
    for path in render.render(list(render.SERVER_FILES), values, tmp_path, brotli=True):
        assert "@@" not in path.read_text().replace("no-responder@rendicion", "")


def test_it_refuses_to_render_a_template_with_a_value_missing():
    with pytest.raises(SystemExit, match="@@LISTEN@@"):
        render.fill("listen @@LISTEN@@;", {}, brotli=True)


def test_the_brotli_lines_are_left_out_when_its_modules_are_not_installed():
    text = (render.DEPLOY_DIR / "nginx" / "rinde-locations.conf").read_text()
    values = render.server_values("x.gov.co", "postgres://x@y/z")
    assert "brotli on;" in render.fill(text, values, brotli=True)
    without = render.fill(text, values, brotli=False)
    assert "brotli" not in without.replace("# brotli", "")
    assert "gzip_static on;" in without


def test_the_environment_file_is_read_as_systemd_reads_it(tmp_path):
    env = tmp_path / "rinde.env"
    env.write_text('# a comment\n\nDEFAULT_FROM_EMAIL="Rinde <no-responder@x.gov.co>"\nA = b\n')
    assert local.read_env_file(env) == {
        "DEFAULT_FROM_EMAIL": "Rinde <no-responder@x.gov.co>",
        "A": "b",
    }


def test_the_server_environment_sets_what_nginx_in_front_needs(tmp_path):
    values = render.server_values("rendicion.example.gov.co", "postgres://rinde@db/rinde")
    text = render.fill((render.DEPLOY_DIR / "rinde.env").read_text(), values, brotli=True)
    path = tmp_path / "rinde.env"
    path.write_text(text)
    env = local.read_env_file(path)
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    assert env["SERVE_MEDIA"] == "0"
    assert env["PRIVATE_MEDIA_ACCEL_PREFIX"] == "/_privado/"
    assert env["MAX_REQUEST_BODY_BYTES"] == str(60 * 1024 * 1024)
    assert env["RINDE_HTTPS"] == "1"
    assert len(env["SECRET_KEY"]) >= 50
    assert env["DEFAULT_FROM_EMAIL"] == "Rinde <no-responder@rendicion.example.gov.co>"


def test_the_environment_file_can_be_read_by_a_shell(tmp_path):
    values = render.server_values("rendicion.example.gov.co", "postgres://rinde@db/rinde")
    (path,) = render.render(["rinde.env"], values, tmp_path, brotli=True)
    shown = subprocess.run(  # noqa: S603 - fixed arguments
        ["/bin/sh", "-c", f'set -a; . "{path}"; echo "$DEFAULT_FROM_EMAIL|$SITE_URL"'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        shown == "Rinde <no-responder@rendicion.example.gov.co>|https://rendicion.example.gov.co\n"
    )


@pytest.mark.skipif(
    not Path(local.NGINX).exists() or not shutil.which("openssl"),
    reason="Debian's nginx (make nginx-deps) and openssl",
)
def test_the_server_site_and_its_tls_block_pass_nginx_own_check(tmp_path):
    # The server's paths, except those `nginx -t` opens or creates (logs, cache, includes).
    values = render.server_values(
        "rendicion.example.gov.co",
        "postgres://rinde@db/rinde",
        LOG_DIR=str(tmp_path),
        CACHE_DIR=str(tmp_path / "cache"),
        CONF_DIR=str(tmp_path),
    )
    brotli = render.brotli_installed()
    site = render.render(list(render.SERVER_FILES)[:2], values, tmp_path, brotli=brotli)[0]
    # The 443 server as the guide has it uncommented, with a throwaway certificate.
    text = site.read_text()
    tls = text[text.index("# server {") :]
    tls = "\n".join(line.removeprefix("#").removeprefix(" ") for line in tls.splitlines())
    tls = tls.replace("/etc/letsencrypt/live/rendicion.example.gov.co", str(tmp_path))
    site.write_text(text + tls)
    subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=rendicion.example.gov.co", "-keyout", str(tmp_path / "privkey.pem")]
        + ["-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    modules = "".join(f"load_module {m};\n" for m in render.BROTLI_MODULES) if brotli else ""
    (tmp_path / "nginx.conf").write_text(
        modules + f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ninclude {site};\n}}\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [local.NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        + ["-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "listen 443 ssl http2;" in tls


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze")
def test_the_systemd_units_and_timers_have_no_unknown_settings(tmp_path):
    # APP_DIR's programs do not exist here, and `verify` checks ExecStart's: point them at
    # the system's Python and gunicorn's at `true`.
    values = render.server_values("r.example.gov.co", "postgres://rinde@db/rinde")
    units = [t for t in render.SERVER_FILES if t.startswith("systemd/")]
    paths = []
    for path in render.render(units, values, tmp_path, brotli=True):
        text = path.read_text().replace("/srv/rinde/app/.venv/bin/python", sys.executable)
        path.write_text(text.replace("/srv/rinde/app/.venv/bin/gunicorn", "/bin/true"))
        if path.name.endswith("@.service"):  # a template is verified as an instance
            instance = path.with_name(path.name.replace("@.", "@housekeeping."))
            instance.write_text(path.read_text())
            path = instance
        paths.append(f"./{path.name}")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("systemd-analyze"), "verify", *paths],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.skipif(not shutil.which("logrotate"), reason="logrotate")
def test_the_log_rotation_is_read_by_logrotate_without_an_error(tmp_path):
    values = render.server_values("r.example.gov.co", "postgres://rinde@db/rinde")
    values["LOG_DIR"] = str(tmp_path)
    (tmp_path / "nginx-access.log").write_text("x\n")
    (config,) = render.render(["logrotate"], values, tmp_path, brotli=True)
    result = subprocess.run(  # noqa: S603 - fixed arguments; -d: nothing is rotated
        [shutil.which("logrotate"), "-d", "-s", str(tmp_path / "state"), str(config)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower()
    assert "nginx-access.log" in result.stderr


def test_the_sender_address_takes_one_server_name(tmp_path):
    """deploy-local's nginx answers to "127.0.0.1 localhost"; the sender address had both
    names in it, which an SMTP client refuses to send from."""
    values = render.server_values("127.0.0.1 localhost", "postgres://rinde@db/rinde")
    (env,) = render.render(["rinde.env"], values, tmp_path, brotli=True)
    assert 'DEFAULT_FROM_EMAIL="Rinde <no-responder@127.0.0.1>"' in env.read_text()
