"""Readers' reports are a public form like the others (honeypot, single-use start token),
and one host cannot hide a comment alone by reporting it from many of its addresses."""

import time

import pytest
from django.db import transaction

from rinde.consultations.forum import reporter_network
from rinde.consultations.models import Comment, CommentStatus
from rinde.consultations.tests.test_forum import forum, from_address, post, report  # noqa: F401
from rinde.core.antispam import sign_start, spend_form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(forum):  # noqa: F811
    post(from_address("10.0.0.1"))
    return Comment.objects.get()


def test_it_refuses_a_report_with_the_honeypot_filled_or_without_a_start_token(comment):
    bot = report(from_address("10.0.0.2"), comment, website="http://spam.example")
    assert bot.status_code == 400 and "deje vacío el campo oculto" in bot.text
    unsigned = report(from_address("10.0.0.3"), comment, started="")
    assert unsigned.status_code == 400 and "El formulario venció" in unsigned.text
    assert comment.flags.count() == 0


def test_it_refuses_a_replayed_report_from_other_addresses(comment, settings):
    settings.FORUM_AUTO_HIDE_FLAGS = 3
    started = sign_start(time.time() - 30)
    statuses = [
        report(from_address(f"10.0.1.{n}"), comment, started=started).status_code
        for n in range(1, 4)
    ]
    assert statuses == [303, 400, 400]
    replay = report(from_address("10.0.1.9"), comment, started=started)
    assert "Este formulario ya se había enviado" in replay.text
    comment.refresh_from_db()
    assert comment.flag_count == 1 and comment.status == CommentStatus.VISIBLE


def test_a_repeated_report_leaves_its_token_unspent(comment):
    assert report(from_address("10.0.2.1"), comment).status_code == 303
    started = sign_start(time.time() - 30)
    assert report(from_address("10.0.2.1"), comment, started=started).status_code == 303
    with transaction.atomic():
        spend_form_token(started)  # rolled back with the refused second flag: still good


def test_one_ipv6_64_cannot_hide_a_comment_alone(comment, settings):
    settings.FORUM_AUTO_HIDE_FLAGS = 3
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd:ef01:2345:6789"):
        report(from_address(address), comment)
    comment.refresh_from_db()
    assert comment.flag_count == 1 and comment.status == CommentStatus.VISIBLE
    report(from_address("2001:db8:1:3::1"), comment)
    report(from_address("2001:db8:1:4::1"), comment)
    comment.refresh_from_db()
    assert comment.flag_count == 3 and comment.status == CommentStatus.AUTO_HIDDEN


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, ""),
    ],
)
def test_reports_count_per_ipv4_address_and_per_ipv6_64(address, network):
    assert reporter_network(address) == network
