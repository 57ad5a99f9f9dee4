import gzip
import json

import brotli
import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from rinde.core.compression import CompressionMiddleware, accepted_encoding
from rinde.exercises.tests.factories import make_exercise
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions.tests.factories import make_question


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("gzip;q=0", None),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("GZIP;q=1.0", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_accepted_encoding_honours_refusals(header, expected):
    assert accepted_encoding(header) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "decode"), [("br", brotli.decompress), ("gzip, deflate", gzip.decompress)]
)
def test_pages_are_compressed_smaller_and_decode_to_the_same_page(
    client, entity, department, accept, decode
):
    make_plan_tree(department)
    plain = client.get("/plan/")
    packed = client.get("/plan/", headers={"accept-encoding": accept})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == accept.split(",")[0]
    assert "Accept-Encoding" in packed["Vary"] and "Cookie" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content)
    assert len(packed.content) < len(plain.content) / 2
    assert decode(packed.content) == plain.content


@pytest.mark.django_db
def test_a_compressed_page_keeps_a_weak_etag_that_still_answers_304(client, entity, department):
    make_plan_tree(department)
    first = client.get("/plan/", headers={"accept-encoding": "gzip"})
    assert first["ETag"].startswith('W/"')
    again = client.get(
        "/plan/", headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    assert "Content-Encoding" not in again


@pytest.mark.django_db
def test_streamed_data_files_are_compressed_chunk_by_chunk(client, entity):
    exercise = make_exercise()
    for _ in range(3):
        make_question(exercise)
    plain = b"".join(client.get("/datos/preguntas-ciudadanas.json").streaming_content)
    for accept, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get(
            "/datos/preguntas-ciudadanas.json", headers={"accept-encoding": accept}
        )
        assert response.streaming
        assert response["Content-Encoding"] == accept
        body = decode(b"".join(response.streaming_content))
        assert body == plain
        assert len(json.loads(body)) == 3


@pytest.mark.django_db
def test_binary_and_small_responses_are_left_alone(client, entity):
    make_exercise()
    xlsx = client.get("/datos/preguntas-ciudadanas.xlsx", headers={"accept-encoding": "br"})
    assert "Content-Encoding" not in xlsx  # a zip already
    factory = RequestFactory(headers={"accept-encoding": "gzip"})
    small = CompressionMiddleware(lambda r: HttpResponse("ok"))(factory.get("/"))
    assert "Content-Encoding" not in small
    encoded = HttpResponse(b"x" * 1000, content_type="text/plain")
    encoded["Content-Encoding"] = "br"
    passed = CompressionMiddleware(lambda r: encoded)(factory.get("/"))
    assert passed.content == b"x" * 1000 and passed["Content-Encoding"] == "br"
    events = StreamingHttpResponse(iter([b"data: 1\n\n"]), content_type="text/event-stream")
    assert "Content-Encoding" not in CompressionMiddleware(lambda r: events)(factory.get("/"))


def test_it_can_be_turned_off_where_the_proxy_compresses(settings):
    settings.COMPRESS_RESPONSES = False
    response = HttpResponse("x" * 1000, content_type="text/html")
    request = RequestFactory(headers={"accept-encoding": "gzip"}).get("/")
    assert "Content-Encoding" not in CompressionMiddleware(lambda r: response)(request)


@pytest.mark.django_db
def test_breach_a_form_page_answering_input_is_sent_uncompressed(client, entity):
    exercise = make_exercise()
    url = f"/rendicion/{exercise.slug}/preguntas/nueva/"
    form = client.get(url, headers={"accept-encoding": "gzip"})
    assert b"csrfmiddlewaretoken" in gzip.decompress(form.content)
    assert form["Content-Encoding"] == "gzip"  # the token alone, masked per response
    reflected = client.get(url + "?texto=secreto", headers={"accept-encoding": "gzip"})
    assert reflected.status_code == 200
    assert "Content-Encoding" not in reflected
    assert b"csrfmiddlewaretoken" in reflected.content
