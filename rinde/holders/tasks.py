from django.tasks import task
from django.utils import timezone

from rinde.core import mail_retry
from rinde.entity import work
from rinde.holders import access, emails
from rinde.holders.models import AccessLink, HolderRequest


@task
@work.in_entity_of(AccessLink, "link_id")
def send_access_link(link_id: str, failures: int = 0) -> None:
    """The link to see one's data, off the request (the form's answer is the same whether
    or not the address is known); tried again later when the mail server refuses."""
    link = AccessLink.objects.filter(pk=link_id, used_at__isnull=True).first()
    if link is None:  # spent or purged before the worker got to it
        return
    try:
        emails.send_access_link(
            link.email, access.url_for(link), int(access.MAX_AGE.total_seconds() // 3600)
        )
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(send_access_link, link_id, failures=failures, error=error):
            raise
        return
    AccessLink.objects.filter(pk=link_id).update(sent_at=timezone.now())


@task
@work.in_entity_of(HolderRequest, "request_id")
def send_request_receipt(request_id: int, failures: int = 0) -> None:
    holder_request = HolderRequest.objects.filter(pk=request_id).first()
    if holder_request is None or not holder_request.email:
        return
    try:
        emails.send_request_receipt(holder_request)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_request_receipt, request_id, failures=failures, error=error
        ):
            raise


@task
@work.in_entity_of(HolderRequest, "request_id")
def send_request_answer(request_id: int, failures: int = 0) -> None:
    holder_request = HolderRequest.objects.filter(pk=request_id).first()
    if holder_request is None or not holder_request.email:
        return
    try:
        emails.send_request_answer(holder_request)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_request_answer, request_id, failures=failures, error=error
        ):
            raise


@task
@work.in_entity_of(HolderRequest, "request_id")
def send_request_extension(request_id: int, failures: int = 0) -> None:
    holder_request = HolderRequest.objects.filter(pk=request_id).first()
    if holder_request is None or not holder_request.email:
        return
    try:
        emails.send_request_extension(holder_request)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_request_extension, request_id, failures=failures, error=error
        ):
            raise
