from django.tasks import task

from rinde.core import mail_retry
from rinde.exercises import mailings


@task
def send_registration_confirmation(registration_pk: int, failures: int = 0) -> None:
    # A mail server refusing or silent: tried again later (core.mail_retry.BACKOFF).
    try:
        mailings.send_confirmation(registration_pk)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_registration_confirmation, registration_pk, failures=failures, error=error
        ):
            raise


@task
def send_event_reminders() -> int:
    return mailings.send_reminders()


@task
def send_duty_warnings() -> int:
    return mailings.send_duty_warnings()
