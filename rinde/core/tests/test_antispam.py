"""Single-use form tokens (core.antispam.spend_form_token)."""

import time

import pytest
from django.db import transaction

from rinde.core import antispam
from rinde.core.models import SpentFormToken

pytestmark = pytest.mark.django_db


def spend(token):
    with transaction.atomic():
        antispam.spend_form_token(token)


def test_a_token_is_spent_once():
    token = antispam.sign_start(time.time() - 10)
    spend(token)
    with pytest.raises(antispam.FormTokenSpent):
        spend(token)


def test_two_forms_shown_in_the_same_second_have_different_tokens():
    now = time.time()
    first, second = antispam.sign_start(now), antispam.sign_start(now)
    assert first != second
    spend(first)
    spend(second)


def test_a_submission_that_fails_leaves_its_token_unspent():
    token = antispam.sign_start(time.time() - 10)
    with pytest.raises(RuntimeError, match="the submission failed"), transaction.atomic():
        antispam.spend_form_token(token)
        raise RuntimeError("the submission failed")
    spend(token)


@pytest.mark.django_db(transaction=True)
def test_spending_outside_the_submissions_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError, match="inside the submission's transaction"):
        antispam.spend_form_token(antispam.sign_start())


@pytest.mark.parametrize("token", ["", "123:abc", "123.AAAAAAAAAAAAAAAA:abc"])
def test_a_token_we_did_not_sign_counts_as_spent(token):
    with pytest.raises(antispam.FormTokenSpent):
        spend(token)


def test_a_replay_is_refused_with_a_fresh_token_and_the_text_kept():
    from rinde.core.tests.test_files_and_forms import QuestionForm

    token = antispam.sign_start(time.time() - 10)
    form = QuestionForm({"text": "mi pregunta", "website": "", "started": token})
    assert form.is_valid()
    assert form.form_token == token
    form.refuse_spent_token()
    assert form.non_field_errors().as_data()[0].code == "spent"
    assert form["text"].value() == "mi pregunta"
    fresh = form["started"].value()
    assert fresh != token
    assert antispam.spam_error("", fresh, min_seconds=0) is None


def test_housekeeping_forgets_only_tokens_already_expired():
    now = time.time()
    old = antispam.sign_start(now - antispam.MAX_SECONDS_TO_FILL - 60)
    recent = antispam.sign_start(now - 60)
    spend(old)
    spend(recent)
    assert antispam.purge_spent_tokens(now) == 1
    assert SpentFormToken.objects.count() == 1
    # The purged one stays refused: expired before it is ever looked up.
    assert antispam.spam_error("", old).code == "expired"
    with pytest.raises(antispam.FormTokenSpent):
        spend(recent)
