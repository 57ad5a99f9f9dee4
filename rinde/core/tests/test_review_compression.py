"""Review of issue 16: a 304 that revalidates a compressed page carries the headers the 200
would (RFC 9110 15.4.5): its weak ETag and Vary: Accept-Encoding. A cache that refreshes its
stored headers from the 304 otherwise loses the Vary and may hand the compressed copy to a
client that cannot read it."""

import pytest

from rinde.plan.tests.factories import make_plan_tree


@pytest.mark.django_db
def test_a_304_for_a_compressed_page_keeps_its_etag_and_vary(client, entity, department):
    make_plan_tree(department)
    first = client.get("/plan/", headers={"accept-encoding": "gzip"})
    again = client.get(
        "/plan/", headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]}
    )

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
