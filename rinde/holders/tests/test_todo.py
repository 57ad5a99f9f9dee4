"""Open holders'-rights requests on the staff to-do list of the roles that answer them."""

import pytest
from django.utils import timezone

from rinde.accounts import todo
from rinde.holders import services
from rinde.holders.models import RequestKind, RequestStatus

pytestmark = pytest.mark.django_db


def test_open_requests_are_on_the_list_of_who_answers_them_with_their_legal_due_date(
    entity, ict_user, officer_user
):
    consulta = services.file_request(email="ana@example.org", kind=RequestKind.CONSULTATION)
    reclamo = services.file_request(email="luis@example.org", kind=RequestKind.DELETION)
    answered = services.file_request(email="eva@example.org", kind=RequestKind.CONSULTATION)
    type(answered).objects.filter(pk=answered.pk).update(status=RequestStatus.ANSWERED)
    today = timezone.localdate()

    items = [i for i in todo.collect(ict_user, today) if i.menu == "holders:staff_list"]
    assert [
        (i.due_on, consulta.tracking_code in i.what or reclamo.tracking_code in i.what)
        for i in items
    ] == [(consulta.due_on, True), (reclamo.due_on, True)]
    assert consulta.due_on < reclamo.due_on  # 10 business days against 15
    assert answered.tracking_code not in " ".join(i.what for i in items)
    assert not [i for i in todo.collect(officer_user, today) if i.menu == "holders:staff_list"]
