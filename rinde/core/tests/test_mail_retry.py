"""The retry schedule and the reasons kept for staff (core.mail_retry), and the SMTP
timeout production settings set."""

import json
import os
import smtplib
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rinde.core import mail_retry

NOW = datetime(2026, 12, 4, 9, 0)


def test_retries_wait_1_5_and_25_minutes_then_give_up():
    assert [mail_retry.retry_at(n, NOW) for n in (1, 2, 3, 4)] == [
        NOW + timedelta(minutes=1),
        NOW + timedelta(minutes=5),
        NOW + timedelta(minutes=25),
        None,
    ]


def test_only_an_address_refused_with_5xx_fails_at_once():
    gone = smtplib.SMTPRecipientsRefused({"a@x.example": (550, b"5.1.1 No such mailbox")})
    busy = smtplib.SMTPRecipientsRefused({"a@x.example": (451, b"4.3.0 Try later")})
    assert mail_retry.recipient_refused_for_good(gone)
    assert not mail_retry.recipient_refused_for_good(busy)
    assert not mail_retry.recipient_refused_for_good(smtplib.SMTPConnectError(554, b"No"))
    assert not mail_retry.recipient_refused_for_good(TimeoutError("timed out"))


def test_reasons_keep_the_server_answer_and_never_the_address():
    gone = smtplib.SMTPRecipientsRefused({"a@x.example": (550, b"5.1.1 No such mailbox")})
    assert mail_retry.describe(gone) == "SMTPRecipientsRefused: 550 5.1.1 No such mailbox"
    assert mail_retry.describe(smtplib.SMTPConnectError(554, b"Go away")) == (
        "SMTPConnectError: 554 Go away"
    )
    assert mail_retry.describe(TimeoutError("timed out")) == "TimeoutError: timed out"
    assert len(mail_retry.describe(TimeoutError("x" * 1000))) == 300


def test_production_settings_bound_every_smtp_step():
    code = "import json; from rinde import settings as s; print(json.dumps(s.MAILERS))"
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert json.loads(out.stdout)["default"]["OPTIONS"]["timeout"] == 20
    env["EMAIL_TIMEOUT"] = "7"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert json.loads(out.stdout)["default"]["OPTIONS"]["timeout"] == 7


@pytest.mark.django_db
def test_a_one_off_email_task_is_queued_again_by_the_schedule_then_fails(
    entity, settings, monkeypatch
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from rinde.exercises.tests.factories import make_exercise
    from rinde.questions import emails, tasks
    from rinde.questions.tests.factories import make_question

    question = make_question(make_exercise(), asker_email="vecina@correo.example")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refused(*args, **kwargs):
        raise smtplib.SMTPConnectError(554, b"No")

    monkeypatch.setattr(emails, "send_received", refused)
    before = timezone.now()
    tasks.send_question_received.call(question.pk)
    again = DBTaskResult.objects.get()
    assert again.args_kwargs == {"args": [question.pk], "kwargs": {"failures": 1}}
    assert before + timedelta(minutes=1) <= again.run_after
    assert again.run_after <= timezone.now() + timedelta(minutes=1)
    tasks.send_question_received.call(question.pk, failures=2)
    assert DBTaskResult.objects.latest("enqueued_at").args_kwargs["kwargs"] == {"failures": 3}
    with pytest.raises(smtplib.SMTPConnectError):  # the fourth failure is final
        tasks.send_question_received.call(question.pk, failures=3)
    assert DBTaskResult.objects.count() == 2
