from django.tasks import task

from rinde.core import mail_retry
from rinde.entity import work
from rinde.exercises import mailings
from rinde.exercises.models import Registration


@task
@work.in_entity_of(Registration, "registration_pk", via="event__exercise__entity")
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
    return work.total_for_each_entity(mailings.send_reminders)


@task
def send_duty_warnings() -> int:
    return work.total_for_each_entity(mailings.send_duty_warnings)
