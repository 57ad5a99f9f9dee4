import os
from pathlib import Path

import pytest

from rinde.core.tests import hostile
from rinde.core.tests.browser import axe_violations
from rinde.fieldwork import services
from rinde.fieldwork.models import FieldComment
from rinde.fieldwork.tests.factories import make_comment, make_project, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Set FIELDWORK_SHOTS=/some/folder to keep the screenshots for a look.
SHOTS = os.environ.get("FIELDWORK_SHOTS", "")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def project(entity, department, officer_user, planning_user):
    from rinde.plan.tests.test_workflow import publish

    project = make_project(department)
    publish(project.indicators.get(), officer_user, planning_user, 45)
    return project


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_citizen_comments_with_a_photo_without_javascript(
    live_server, browser, project, tmp_path, size
):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(hostile.jpeg_with_gps())
    svg = tmp_path / "foto.jpg"
    svg.write_bytes(hostile.SVG)
    context = browser.new_context(
        locale="es-CO",
        viewport=PHONE if size == "phone" else DESKTOP,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/plan/{project.plan.slug}/proyecto/{project.code}/")
    page.get_by_role("link", name="Comentar el avance o enviar una foto").click()
    assert page.get_by_role("heading", name="Comentar el avance del proyecto").is_visible()
    text = "La obra frente a la escuela lleva tres semanas detenida."
    page.get_by_label("¿Qué ha visto del avance del proyecto?").fill(text)
    page.get_by_label("¿Qué muestra la foto?").fill("Obra detenida frente a la escuela")
    # A hostile file first: refused in Spanish, the text kept.
    page.get_by_label("Foto (opcional").set_input_files(str(svg))
    page.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    page.get_by_role("button", name="Publicar comentario").click()
    assert "no es de un tipo permitido" in page.content()
    assert page.get_by_label("¿Qué ha visto del avance del proyecto?").input_value() == text
    shot(page, f"form-error-{size}")
    page.get_by_label("Foto (opcional").set_input_files(str(photo))
    page.get_by_role("button", name="Publicar comentario").click()
    assert page.get_by_role("heading", name="Comentario recibido").is_visible()
    comment = FieldComment.objects.get()
    assert comment.tracking_code in page.content()
    shot(page, f"received-{size}")
    page.get_by_role("link", name="Ver todos los comentarios del proyecto").click()
    assert text in page.content()
    assert page.get_by_role("img", name="Obra detenida frente a la escuela").is_visible()
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_pages_have_no_axe_violations(live_server, browser, project, officer_user, size):
    answered = make_comment(project, name="Luz M.")
    services.answer_comment(answered, actor=officer_user, body="Gracias: la obra sigue el lunes.")
    make_comment(
        project,
        body="Ya pusieron las luminarias del parque.",
        photo=None,
    )
    context = browser.new_context(locale="es-CO", viewport=PHONE if size == "phone" else DESKTOP)
    page = context.new_page()
    for name, path in (
        ("project", f"/plan/{project.plan.slug}/proyecto/{project.code}/"),
        ("comments", url(project)),
        ("form", url(project, "comentar/")),
        ("flag", url(project, f"{answered.pk}/reportar/")),
        ("received", f"/plan/comentarios-ciudadanos/{answered.tracking_code}/"),
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], name
        shot(page, f"{name}-{size}")
    context.close()


def test_the_department_answers_from_the_panel(live_server, browser, project, officer_user):
    from django.test import Client

    from rinde.accounts.tests.factories import login_verified

    comment = make_comment(project, name="Vecina de la obra")
    client = Client()
    login_verified(client, officer_user)
    context = browser.new_context(locale="es-CO", viewport=DESKTOP)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + "/panel/")
    page.get_by_role("link", name="Comentarios sobre proyectos").first.click()
    assert "Vecina de la obra" in page.content()
    assert axe_violations(page) == []
    shot(page, "staff-list")
    page.get_by_role("link", name=f"Responder {comment.tracking_code}").click()
    assert axe_violations(page) == []
    page.get_by_label("Respuesta pública de la dependencia").fill(
        "Gracias: el contratista retoma la obra el lunes."
    )
    page.get_by_role("button", name="Publicar la respuesta").click()
    assert "Respuesta publicada." in page.content()
    shot(page, "staff-answered")
    context.close()
    comment.refresh_from_db()
    assert comment.answered_by == officer_user
