"""Rinde's file functions on S3-compatible object storage (docs/scaling.md), against moto's
server: a real HTTP S3 endpoint that boto3 talks to over the network, run for the test.

django-storages, boto3 and moto[server] are pinned in requirements-dev.txt (tests only: the
runtime needs them only once an install chooses object storage). moto answers an unsigned
GET of an object that is not public-read with 403, as S3 does; that is what "private" is
checked against here, not AWS's own IAM or a bucket policy.
"""

import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile

from rinde.core import files, media

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - moto's server, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)  # noqa: S310
                break
            except OSError:
                assert time.monotonic() < deadline, "moto's server did not start"
                time.sleep(0.2)
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="prueba",
            aws_secret_access_key="prueba",
            region_name="us-east-1",
        )
        for bucket in ("rinde-publico", "rinde-privado"):
            client.create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def object_storage(settings, s3_endpoint):
    """Public and private storage in two buckets, as docs/scaling.md configures them."""
    common = {
        "endpoint_url": s3_endpoint,
        "access_key": "prueba",
        "secret_key": "prueba",
        "region_name": "us-east-1",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": "rinde-publico",
                "querystring_auth": False,
                "default_acl": "public-read",
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": "rinde-privado", "querystring_auth": True},
        },
    }
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = ""  # nginx cannot alias a bucket: Django streams
    return s3_endpoint


def test_a_published_copy_of_a_private_file_is_served_from_the_public_bucket(object_storage):
    private = files.private_storage()
    name = private.save("evidencias/2026/borrador.pdf", ContentFile(PDF))
    field_file = types.SimpleNamespace(name=name, open=lambda mode="rb": private.open(name, mode))
    public_name = files.copy_to_public(field_file, "evidencias/%Y")
    assert public_name != name
    assert public_name.endswith(".pdf")
    url = files.public_storage().url(public_name)
    assert url.startswith(object_storage + "/rinde-publico/")
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own server
        assert response.read() == PDF
    # The original has no public address: unsigned, refused; signed (a staff view could
    # redirect to such a URL), served.
    unsigned = f"{object_storage}/rinde-privado/{name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)  # noqa: S310
    assert refused.value.code == 403
    with urllib.request.urlopen(private.url(name)) as response:  # noqa: S310
        assert response.read() == PDF
    # The private original stays; unpublishing removes the public copy only.
    files.remove_public(public_name)
    assert not files.public_storage().exists(public_name)
    assert private.exists(name)


def test_a_staff_download_of_a_private_object_is_streamed_with_the_protective_headers(
    object_storage,
):
    private = files.private_storage()
    name = private.save("importaciones/plan.pdf", ContentFile(PDF))
    field_file = types.SimpleNamespace(name=name, open=lambda mode="rb": private.open(name, mode))
    response = media.private_file_response(field_file, download_name="plan.pdf")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_moving_a_public_object_to_private_storage_keeps_its_name(object_storage):
    public = files.public_storage()
    name = public.save("actas/2026/acta.pdf", ContentFile(PDF))
    files.move_to_private(name)
    assert not public.exists(name)
    with files.private_storage().open(name, "rb") as handle:
        assert handle.read() == PDF
