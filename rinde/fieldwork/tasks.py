from django.tasks import task

from rinde.core import mail_retry
from rinde.entity import work
from rinde.fieldwork import emails
from rinde.fieldwork.models import FieldComment


@task
@work.in_entity_of(FieldComment, "comment_id", via="project__plan__entity")
def send_answer_notice(comment_id: int, failures: int = 0) -> None:
    """Tell the author the department answered, off the request; tried again later when
    the mail server refuses or is silent (core.mail_retry.BACKOFF)."""
    comment = (
        FieldComment.objects.select_related("project")
        .filter(pk=comment_id)
        .exclude(author_email="")
        .first()
    )
    if comment is None:  # anonymized before the worker got to it
        return
    try:
        emails.send_answer_notice(comment)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_answer_notice, comment_id, failures=failures, error=error
        ):
            raise
