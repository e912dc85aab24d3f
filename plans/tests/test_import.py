import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from organisations.tests.factories import UnitFactory
from plans import importer
from plans.models import Plan

pytestmark = pytest.mark.django_db

GOOD = (
    "section_number,section_title,commitment,reference,description,sub_points,lead,outcome,deadline,budget,status,progress,progress_date\n"
    "1,Information,Publish how to get involved,1.1,Ward pages explain panels,Panels|Meetings,CO11,"
    'People know,Sept 2026,"£3,000",on track,Drafted,2026-01-10\n'
    "1,Information,Publish how to get involved,1.2,Borough pages link to CPEG,,CO11 & CO20,,ongoing,,,,\n"
)


@pytest.fixture
def units(lead_unit):
    return [lead_unit, UnitFactory(short_name="CO20", name="Territorial Support Unit")]


def _upload(client, content: bytes, name: str, owner, confirm: bool):
    data = {"file": SimpleUploadedFile(name, content), "title": "Imported plan", "owner": owner.pk, "is_public": "on"}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("plans:import"), data)


def test_preview_checks_rows_and_saves_nothing(client, manager, units):
    client.force_login(manager)
    response = _upload(client, GOOD.encode(), "plan.csv", units[0], confirm=False)
    assert response.status_code == 200
    assert "All 2 rows are good" in response.content.decode()
    assert not Plan.objects.exists()


def test_confirmed_import_creates_the_plan_with_sections_leads_and_progress(client, manager, units):
    client.force_login(manager)
    response = _upload(client, GOOD.encode(), "plan.csv", units[0], confirm=True)
    assert response.status_code == 302
    plan = Plan.objects.get()
    a1, a2 = plan.actions.order_by("reference")
    assert a1.sub_points == ["Panels", "Meetings"] and str(a1.budget) == "3000.00" and a1.status == "on_track"
    assert a1.updates.get().reported_on.isoformat() == "2026-01-10"
    assert a2.lead_units.count() == 2 and a2.deadline_kind == "ongoing"
    assert plan.sections.get().commitments.count() == 1


def test_bad_rows_are_reported_one_by_one_and_nothing_is_imported(client, manager, units):
    bad = (
        GOOD
        + "2,Inclusion,,1.1,Duplicate,,CO11,,,,,,\n"
        + "2,Inclusion,,2.2,Negative,,CO11,,,-5,,,\n"
        + "2,Inclusion,,2.3,Who,,ZZ9,,,,,,\n"
    )
    client.force_login(manager)
    response = _upload(client, bad.encode(), "plan.csv", units[0], confirm=True)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Row 4 (1.1)" in body and "already has an action 1.1" in body
    assert "Row 5 (2.2)" in body and "cannot be negative" in body
    assert "Row 6 (2.3)" in body and "ZZ9" in body
    assert not Plan.objects.exists()


def test_xlsx_in_the_same_layout_imports(manager, units):
    wb = Workbook()
    ws = wb.active
    ws.append(["Reference", "Description", "Lead", "Budget"])
    ws.append(["1", "First action", "CO11", 1200])
    out = io.BytesIO()
    wb.save(out)
    rows = importer.read_rows("plan.xlsx", out.getvalue())
    result = importer.import_plan(
        by=manager, plan_data={"title": "From Excel", "owner": units[0]}, rows=rows, commit=True
    )
    assert result.ok and result.plan is not None
    assert str(result.plan.actions.get().budget) == "1200.00"


def test_unknown_columns_are_refused(manager, units):
    rows = importer.read_rows("p.csv", b"reference,description,colour\n1,X,blue\n")
    result = importer.import_plan(by=manager, plan_data={"title": "T", "owner": units[0]}, rows=rows, commit=True)
    assert not result.ok and "colour" in result.file_errors[0]
    assert not Plan.objects.exists()
