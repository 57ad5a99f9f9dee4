"""The entity, its departments and its calendar are kept in the panel, not Django admin."""

import io
from datetime import date, time

import pytest
from django.contrib.admin import site
from openpyxl import Workbook

from rinde.accounts.models import Role
from rinde.accounts.navigation import items_for
from rinde.accounts.tests.factories import make_user
from rinde.core.models import AuditEntry
from rinde.entity.calendar import work_calendar
from rinde.entity.department_list import rows_from_text
from rinde.entity.models import Department, DepartmentKind, Entity, NonWorkingDay
from rinde.entity.tests.factories import make_department

pytestmark = pytest.mark.django_db

ENTITY_DATA = {
    "name": "Alcaldía de San Jerónimo",
    "short_name": "San Jerónimo",
    "kind": "alcaldia",
    "municipality": "San Jerónimo",
    "departamento": "Antioquia",
    "nit": "890981234-5",
    "address": "Carrera 10 # 9-20",
    "opening_hours": "Lunes a viernes, 7 a. m. a 4 p. m.",
    "office_hours_cutoff": "16:00",
    "phones": "(604) 111 22 33",
    "email": "contacto@sanjeronimo.example.org",
    "judicial_email": "judicial@sanjeronimo.example.org",
    "primary_colour": "#123456",
    "secondary_colour": "#654321",
    "working_days": ["0", "1", "2", "3", "4", "5"],
}


def test_the_administrator_sets_up_the_entity_in_the_panel(staff_client, admin_user):
    client = staff_client(admin_user)
    assert client.get("/panel/entidad/").status_code == 200
    response = client.post("/panel/entidad/", ENTITY_DATA)
    assert response.status_code == 302 and response["Location"] == "/panel/primer-uso/"
    entity = Entity.objects.get()
    assert entity.name == "Alcaldía de San Jerónimo"
    assert entity.office_hours_cutoff == time(16, 0)
    assert entity.working_weekday_set == {0, 1, 2, 3, 4, 5}
    assert Entity.objects.current().name == "Alcaldía de San Jerónimo"  # cache refreshed
    assert work_calendar().is_business_day(date(2026, 12, 5))  # a Saturday, now working
    assert AuditEntry.objects.filter(action="entity.created").count() == 1

    # Later edits change the same entity (one per installation), audited with the changes.
    response = client.post("/panel/entidad/", {**ENTITY_DATA, "phones": "(604) 999 00 00"})
    assert response.status_code == 302 and Entity.objects.count() == 1
    entry = AuditEntry.objects.get(action="entity.updated")
    assert entry.changes["phones"] == ["(604) 111 22 33", "(604) 999 00 00"]


def test_the_entity_form_asks_for_the_judicial_notification_email(staff_client, admin_user):
    data = {**ENTITY_DATA, "judicial_email": ""}
    response = staff_client(admin_user).post("/panel/entidad/", data)
    assert response.status_code == 200 and not Entity.objects.exists()
    assert "judicial_email" in response.context["form"].errors


def test_the_entity_logo_is_stored_cleaned(staff_client, admin_user, entity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rinde.core.tests.hostile import polyglot_jpeg_html

    upload = SimpleUploadedFile("logo.jpg", polyglot_jpeg_html(), content_type="image/jpeg")
    response = staff_client(admin_user).post("/panel/entidad/", {**ENTITY_DATA, "logo": upload})
    assert response.status_code == 302
    entity.refresh_from_db()
    with entity.logo.open("rb") as stored:
        assert b"<script" not in stored.read().lower()  # re-encoded, the HTML gone


def test_an_entity_edit_records_the_website_working_days_and_logo_it_changed(
    staff_client, admin_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rinde.core.tests.hostile import polyglot_jpeg_html

    client = staff_client(admin_user)
    client.post("/panel/entidad/", ENTITY_DATA)
    upload = SimpleUploadedFile("escudo.jpg", polyglot_jpeg_html(), content_type="image/jpeg")
    edit = {
        **ENTITY_DATA,
        "site_url": "https://sanjeronimo.example.org",
        "working_days": ["0", "1", "2", "3", "4"],
        "logo": upload,
    }
    assert client.post("/panel/entidad/", edit).status_code == 302
    entry = AuditEntry.objects.get(action="entity.updated")
    assert entry.changes["website"] == ["", "https://sanjeronimo.example.org"]
    assert entry.changes["working_weekdays"] == ["0,1,2,3,4,5", "0,1,2,3,4"]
    assert "logo" in entry.changes and "phones" not in entry.changes
    assert Entity.objects.get().working_weekday_set == {0, 1, 2, 3, 4}
    # Saving again without a new logo keeps it and records nothing.
    logo = Entity.objects.get().logo.name
    assert client.post("/panel/entidad/", edit | {"logo": ""}).status_code == 302
    assert Entity.objects.get().logo.name == logo
    assert AuditEntry.objects.filter(action="entity.updated").count() == 1


def test_planning_keeps_the_departments_but_not_the_entity(staff_client, planning_user, entity):
    client = staff_client(planning_user)
    assert client.get("/panel/entidad/").status_code == 403
    response = client.post(
        "/panel/entidad/dependencias/",
        {"name": "Secretaría de Hacienda", "code": "hacienda", "kind": "secretaria"},
    )
    assert response.status_code == 302
    department = Department.objects.get(code="hacienda")
    response = client.post(
        f"/panel/entidad/dependencias/{department.pk}/",
        {
            "name": "Secretaría de Hacienda",
            "code": "otro",
            "kind": "secretaria",
            "head_name": "Ana Gómez",
            "is_active": "",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.head_name == "Ana Gómez"
    assert department.code == "hacienda"  # the code never changes once created
    assert not department.is_active
    assert AuditEntry.objects.filter(action="entity.department_updated").exists()


def test_a_pasted_list_is_previewed_then_saved(staff_client, admin_user, entity):
    existing = make_department("Secretaría de Salud", code="salud")
    client = staff_client(admin_user)
    text = (
        "Secretaría de Salud\tLuis Pérez\tSecretario\tsalud@example.org\t604 1\n"
        "Departamento Administrativo de Planeación; Marta Ruiz; Directora\n"
        "\n"
        "Oficina de Control Interno\n"
    )
    preview = client.post("/panel/entidad/dependencias/lista/", {"text": text})
    assert preview.status_code == 200
    assert Department.objects.count() == 1  # nothing saved before the confirmation
    assert len(preview.context["rows"]) == 3
    saved = client.post(
        "/panel/entidad/dependencias/lista/",
        {"preview": preview.context["preview_key"], "confirm": "1"},
    )
    assert saved.status_code == 302
    assert Department.objects.count() == 3
    existing.refresh_from_db()
    assert existing.head_name == "Luis Pérez" and existing.email == "salud@example.org"
    planning = Department.objects.get(name="Departamento Administrativo de Planeación")
    assert planning.kind == DepartmentKind.ADMINISTRATIVE_DEPARTMENT
    assert planning.head_title == "Directora"
    assert Department.objects.get(name="Oficina de Control Interno").kind == DepartmentKind.OFFICE


def test_a_spreadsheet_of_departments_is_imported(staff_client, admin_user, entity):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nombre", "Jefe", "Cargo", "Correo", "Teléfono"])
    sheet.append(["Secretaría de Educación", "Rosa Díaz", "Secretaria", "edu@example.org", "1"])
    sheet.append(["Dirección de Comunicaciones", None, None, None, None])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "dependencias.xlsx"
    client = staff_client(admin_user)
    preview = client.post("/panel/entidad/dependencias/lista/", {"upload": data})
    assert preview.status_code == 200 and not preview.context["errors"]
    assert [r.name for r in preview.context["rows"]] == [
        "Secretaría de Educación",
        "Dirección de Comunicaciones",
    ]
    client.post(
        "/panel/entidad/dependencias/lista/",
        {"preview": preview.context["preview_key"], "confirm": "1"},
    )
    education = Department.objects.get(code="secretaria-de-educacion")
    assert education.head_name == "Rosa Díaz"


def test_each_preview_saves_its_own_list_and_only_once(staff_client, admin_user, entity):
    client = staff_client(admin_user)
    url = "/panel/entidad/dependencias/lista/"
    first = client.post(url, {"text": "Secretaría de Salud\n"})
    client.post(url, {"text": "Oficina Jurídica\n"})  # another tab
    client.post(url, {"preview": first.context["preview_key"], "confirm": "1"})
    assert list(Department.objects.values_list("name", flat=True)) == ["Secretaría de Salud"]
    again = client.post(url, {"preview": first.context["preview_key"], "confirm": "1"}, follow=True)
    assert "La vista previa venció. Suba el archivo otra vez." in again.text
    assert Department.objects.count() == 1


def test_a_list_with_errors_saves_nothing(staff_client, admin_user, entity):
    text = "Secretaría de Salud\nSecretaría de Salud\nOficina Jurídica;;;no-es-correo\n"
    response = staff_client(admin_user).post(
        "/panel/entidad/dependencias/lista/", {"text": text, "confirm": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["errors"]) == 2
    assert not Department.objects.exists()


def test_parsing_skips_a_header_and_reads_the_kind_from_the_name():
    rows, errors = rows_from_text("Nombre;Jefe\nDirección de Tránsito;Pedro\nConcejo\n")
    assert errors == []
    assert [(r.name, r.kind, r.head_name) for r in rows] == [
        ("Dirección de Tránsito", DepartmentKind.DIRECTORATE, "Pedro"),
        ("Concejo", DepartmentKind.OTHER, ""),
    ]


def test_non_working_days_are_added_and_removed_and_terms_follow(
    staff_client, planning_user, entity
):
    client = staff_client(planning_user)
    assert work_calendar().is_business_day(date(2026, 12, 24))
    response = client.post(
        "/panel/entidad/dias-no-habiles/",
        {"date": "2026-12-24", "reason": "Vísperas de Navidad", "act": "Decreto 100"},
    )
    assert response.status_code == 302
    assert not work_calendar().is_business_day(date(2026, 12, 24))
    day = NonWorkingDay.objects.get()
    assert client.post(f"/panel/entidad/dias-no-habiles/{day.pk}/quitar/").status_code == 302
    assert not NonWorkingDay.objects.exists()
    assert work_calendar().is_business_day(date(2026, 12, 24))
    assert AuditEntry.objects.filter(action="entity.non_working_day_removed").exists()


def test_the_panel_menu_links_to_the_panel_pages_not_django_admin(entity):
    for role in [Role.ADMIN, Role.PLANNING]:
        urls = [item.url for item in items_for(make_user(role))]
        assert not [url for url in urls if url.startswith("/panel/admin/")], role
    admin_urls = [item.url for item in items_for(make_user(Role.ADMIN))]
    assert {"/panel/entidad/", "/panel/entidad/dependencias/", "/panel/personal/"} <= set(
        admin_urls
    )


def test_the_entity_website_is_a_visible_field_not_the_honeypot(staff_client, admin_user, entity):
    # partials/field.html hides any field named "website" as the anti-spam trap.
    client = staff_client(admin_user)
    page = client.get("/panel/entidad/")
    assert "field-website" not in page.text and "Sitio web" in page.text
    data = {**ENTITY_DATA, "site_url": "https://www.sanjeronimo.example.org"}
    assert client.post("/panel/entidad/", data).status_code == 302
    entity.refresh_from_db()
    assert entity.website == "https://www.sanjeronimo.example.org"


def test_non_working_days_change_only_through_the_panel_not_django_admin(client, admin_user):
    # Django admin would skip moving open due dates (entity.calendar_change).
    model_admin = site._registry[NonWorkingDay]
    request = type("Request", (), {"user": admin_user})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
