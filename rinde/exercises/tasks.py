from django.tasks import task

from rinde.exercises import services


@task
def send_registration_confirmation(registration_pk: int) -> None:
    services.send_confirmation(registration_pk)


@task
def send_event_reminders() -> int:
    return services.send_reminders()


@task
def send_duty_warnings() -> int:
    return services.send_duty_warnings()
