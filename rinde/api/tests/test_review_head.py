"""Review of issue 16: a HEAD tells what the GET would send, compression included (RFC 9110
9.3.2): the same Content-Encoding, Content-Length, ETag and Vary."""

import pytest

from rinde.questions.tests.factories import make_exercise


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/", "/api/ejercicios", "/api/openapi.json"])
def test_head_has_the_compressed_gets_headers(client, entity, url):
    make_exercise()
    get = client.get(url, headers={"accept-encoding": "br"})
    head = client.head(url, headers={"accept-encoding": "br"})

    assert get["Content-Encoding"] == "br"
    assert head.content == b""
    for header in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head.get(header) == get.get(header), header
