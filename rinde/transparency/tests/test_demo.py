import pytest
from django.core.management import call_command

from rinde.demo import transparency as demo
from rinde.transparency.models import ItemSetting

pytestmark = pytest.mark.django_db


def test_the_demo_configures_the_menu_and_a_denial(client):
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts")  # idempotent
    assert ItemSetting.objects.count() == len(demo.LINKS) + len(demo.NOT_APPLICABLE)
    html = client.get("/transparencia/").text
    assert "No aplica." in html
    assert demo.LINKS["3.1"][1] in html
    figures = client.get("/preguntas/informe-trimestral/", {"anio": 2023, "trimestre": 4}).context[
        "figures"
    ]
    assert figures["denied"] == 1  # the partly denied contract copy
    assert figures["discarded"] >= 1  # the spam, never counted as denied
