"""Sending one e-mail in two steps, so the caller can record "sending" at the last moment
before the message may be delivered; and the retry schedule after a failure.

Why two steps: a worker killed while it sends cannot know afterwards whether the SMTP
server took the message. With Django's SMTP backend the uncertain part is only the DATA
command (the server takes the message when it reads its end): connecting, MAIL FROM and
RCPT TO can be abandoned without any delivery. `begin()` does those, the caller commits
its "sending" mark, and `Envelope.deliver()` sends DATA. A worker killed before the mark
leaves the message as it was (sent again later, never twice); killed after it, the
message is "unconfirmed" (never sent again automatically). Other backends (console, file,
locmem: demo and tests) have no envelope step: the whole send is the uncertain part.
"""

import email.policy
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.utils import timezone

logger = logging.getLogger(__name__)

# Failures a send may be retried after: SMTP errors and network errors (timeouts included).
RETRYABLE = (smtplib.SMTPException, OSError)

# After the 1st, 2nd and 3rd failed attempt, the next one waits this long; after the 4th,
# the delivery has failed for good (about half an hour of a server refusing or silent).
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25))


def retry_at(failures: int, now: datetime) -> datetime | None:
    """When to try again after `failures` failed attempts; None: give up."""
    if failures <= len(BACKOFF):
        return now + BACKOFF[failures - 1]
    return None


def describe(error: BaseException) -> str:
    """The reason kept on the delivery and shown to staff (no address: it is theirs)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in error.recipients.values()})
        texts = "; ".join(
            text.decode(errors="replace") if isinstance(text, bytes) else str(text)
            for _code, text in error.recipients.values()
        )
        return f"SMTPRecipientsRefused: {', '.join(map(str, codes))} {texts}"[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{type(error).__name__}: {error.smtp_code} {text}"[:300]
    return f"{type(error).__name__}: {error}"[:300]


def recipient_refused_for_good(error: BaseException) -> bool:
    """The server answered that this address does not exist (5xx to RCPT TO): trying again
    cannot help. Any other failure (no connection, a timeout, 4xx, the server refusing us
    as a whole) may pass."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        500 <= code < 600 for code, _text in error.recipients.values()
    )


class NotDelivered(Exception):
    """A backend without an envelope step (console, file, locmem) failed: nothing went."""


class ServerFailure(Exception):
    """The envelope step failed on the server's side, not the address's: the other
    messages waiting would fail the same way, so the caller stops and waits too."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(describe(error))
        self.error = error


@dataclass
class Envelope:
    mailer: object
    message: EmailMessage
    smtp: bool

    def abandon(self) -> None:
        """Drop the envelope: the server forgets the sender and recipients given."""
        if self.smtp:
            self.mailer.connection.rset()

    def deliver(self) -> None:
        """Send the message itself. NotDelivered, or an error with an SMTP reply code (the
        server refused it), means it did not go; any other error (a timeout, a hang-up
        after the message was handed over) leaves it unknown."""
        if not self.smtp:
            try:
                self.mailer.send_messages([self.message])
            except Exception as error:  # noqa: BLE001 - local backends write or fail whole
                raise NotDelivered(describe(error)) from error
            return
        connection = self.mailer.connection
        content = self.message.message(policy=email.policy.SMTP).as_bytes()
        code, text = connection.data(content)
        if code != 250:
            connection._rset()
            raise smtplib.SMTPDataError(code, text)


def begin(mailer, message: EmailMessage) -> Envelope:
    """Open the connection if needed and give the server the sender and the recipients.
    Raises smtplib.SMTPRecipientsRefused when the address is refused, ServerFailure for
    anything else. Nothing is delivered by this step."""
    if not isinstance(mailer, SmtpBackend):
        return Envelope(mailer, message, smtp=False)
    try:
        mailer.open()  # does nothing while the connection is open
        connection = mailer.connection
        connection.ehlo_or_helo_if_needed()
        sender = mailer.prep_address(message.from_email)
        code, text = connection.mail(sender)
        if code != 250:
            connection._rset()
            raise smtplib.SMTPSenderRefused(code, text, sender)
        refused = {}
        for address in message.recipients():
            code, text = connection.rcpt(mailer.prep_address(address))
            if code not in (250, 251):
                refused[address] = (code, text)
    except Exception as error:  # noqa: BLE001 - any failure here is the server's or the network's
        raise ServerFailure(error) from error
    if refused and len(refused) == len(message.recipients()):
        connection._rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    return Envelope(mailer, message, smtp=True)


def retry_later(task, *args, failures: int, error: BaseException, **kwargs) -> bool:
    """For a task that sends one e-mail: after a failed send, queue the task again by
    BACKOFF with `failures` counted (a keyword argument of the task). False when it should
    not be retried (an address refused for good, the retries spent, or a backend that
    cannot defer, as the tests' immediate one): the caller then lets the error fail it."""
    if recipient_refused_for_good(error) or not task.get_backend().supports_defer:
        return False
    when = retry_at(failures + 1, timezone.now())
    if when is None:
        return False
    task.using(run_after=when).enqueue(*args, failures=failures + 1, **kwargs)
    logger.warning(
        "e-mail not sent, retried later",
        extra={"task": task.name, "failures": failures + 1, "reason": describe(error)},
    )
    return True
