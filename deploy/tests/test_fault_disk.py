"""The private media disk full while a veeduría member uploads a report through deploy-local.

A 512 KiB tmpfs is mounted over the stack's private media folder (where uploaded drafts
go); a PDF larger than that is uploaded, through nginx, by the demo's `veeduria` account
after a real login with its second factor. The answer is a Spanish 507, and nothing is
half-written: no file on the disk, no Document row. Unmounted, the same upload works.
"""

import os
import re
import uuid

import pytest

from deploy import faults
from rinde.demo.exercises import make_pdf

pytestmark = pytest.mark.deploy

UPLOAD = "/panel/rendicion/2023/documentos/nuevo/"
PASSWORD = "itagui-2023-demo"  # README.md: every demo account's password


@pytest.fixture(scope="session")
def servers(request):
    if not os.environ.get("RINDE_DEPLOY_TESTS"):
        pytest.skip("through deploy-local's nginx: run `make test-deploy`")
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system (tmpfs) needs root")
    if reason := faults.missing_tools(postgres=True):
        pytest.skip(reason)
    return faults.shared_servers(request.addfinalizer)


@pytest.fixture
def oversight(servers):
    """A session of the demo's veeduría member, logged in with password and TOTP code."""
    stack = servers.stack
    session = faults.Session(stack.port)
    csrf = faults.csrf_token(session.get("/panel/ingresar/")[2])
    status, headers, _ = session.post_form(
        "/panel/ingresar/",
        {"csrfmiddlewaretoken": csrf, "username": "veeduria", "password": PASSWORD},
    )
    assert status == 302, "the demo's veeduria account could not log in"
    verify = headers["location"]
    csrf = faults.csrf_token(session.get(verify)[2])
    code = stack.python(
        "from rinde.accounts import second_factor\n"
        "from rinde.accounts.models import User\n"
        "user = User.objects.get(username='veeduria')\n"
        "print(second_factor.current_code(second_factor.confirmed_device(user)))"
    ).split()[-1]
    status, _, _ = session.post_form(verify, {"csrfmiddlewaretoken": csrf, "code": code})
    assert status == 302, "the second factor was refused"
    yield session
    session.close()


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(session, title: str, content: bytes):
    page = session.get(UPLOAD)[2]
    committee = re.search(rb'name="committee"[^>]*>.*?<option value="(\d+)"', page, re.S)
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": faults.csrf_token(page),
            "kind": "oversight_report",
            "committee": committee.group(1).decode(),
            "title": title,
            "date": "2023-12-01",
            "summary": "<p>Lo esencial del informe.</p>",
            "replaces": "",
        },
        "file",
        "informe.pdf",
        content,
    )
    return session.request("POST", UPLOAD, body=body, headers={"Content-Type": content_type})


def documents_titled(stack, title: str) -> list[str]:
    """Each Document with this title: its stored file name, whether the file exists, its
    recorded size."""
    out = stack.python(
        "from rinde.exercises.models import Document\n"
        f"for d in Document.objects.filter(title={title!r}):\n"
        "    print(d.file.name, d.file.storage.exists(d.file.name), d.size)"
    )
    return [line for line in out.splitlines() if line.strip()]


# 1 MB is kept in memory while Django reads the upload; 6 MB is spooled to a temporary file
# first (FILE_UPLOAD_MAX_MEMORY_SIZE), then copied onto the media disk: two ways to write.
@pytest.mark.parametrize("megabytes", [1, 6])
def test_an_upload_to_a_full_disk_is_refused_in_spanish_and_leaves_nothing(
    servers, oversight, megabytes
):
    stack = servers.stack
    title = f"Informe prueba disco {uuid.uuid4().hex[:8]}"
    content = make_pdf("A" * (megabytes * 1_000_000))
    disk = faults.TinyDisk(stack.var_dir / "private", "512k")
    disk.mount()
    try:
        status, headers, body = upload(oversight, title, content)
        left_on_disk = disk.files()
    finally:
        disk.unmount()
    assert status == 507
    text = body.decode()
    assert "No pudimos guardar el archivo" in text and "No se guardó nada" in text
    assert "Traceback" not in text
    assert left_on_disk == []
    assert documents_titled(stack, title) == []

    # With room on the disk again, the same upload is stored whole.
    status, _, _ = upload(oversight, title, content)
    assert status == 302
    [stored] = documents_titled(stack, title)
    name, exists, size = stored.split()
    assert exists == "True" and int(size) == len(content)
    assert (stack.var_dir / "private" / name).stat().st_size == len(content)
