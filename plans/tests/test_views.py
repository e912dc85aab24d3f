import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans import services
from plans.models import Plan, Rag

pytestmark = pytest.mark.django_db


def test_public_plan_is_readable_by_anyone_with_progress(client, action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Leaflets <b>printed</b>", status=Rag.ON_TRACK)
    response = client.get(action.plan.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Leaflets &lt;b&gt;printed&lt;/b&gt;" in body
    assert "On track" in body


def test_restricted_plan_is_hidden_from_the_public_but_read_by_read_all(client, plan, action, reader):
    Plan.objects.filter(pk=plan.pk).update(is_public=False)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert plan.title not in client.get(reverse("plans:index")).content.decode()
    client.force_login(reader)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_progress_form_refuses_a_future_date_with_400(client, action, lead_officer):
    client.force_login(lead_officer)
    url = reverse("plans:progress_create", args=[action.plan.slug, action.pk])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(url, {"reported_on": tomorrow, "narrative": "Typed text kept", "status": "on_track"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert "Typed text kept" in response.content.decode()


def test_progress_form_saves_an_update(client, action, lead_officer):
    client.force_login(lead_officer)
    url = reverse("plans:progress_create", args=[action.plan.slug, action.pk])
    response = client.post(
        url, {"narrative": "Done", "status": "complete", "evidence": "https://example.test/r Report"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Rag.COMPLETE


def test_progress_form_is_forbidden_outside_the_lead_unit(client, action, other_officer):
    client.force_login(other_officer)
    response = client.get(reverse("plans:progress_create", args=[action.plan.slug, action.pk]))
    assert response.status_code == 403


def test_action_form_refuses_a_duplicate_reference_and_negative_budget(client, action, manager):
    client.force_login(manager)
    url = reverse("plans:action_create", args=[action.plan.slug])
    dup = client.post(url, {"reference": "1.1", "description": "Dup"})
    assert dup.status_code == 400 and "already has an action 1.1" in dup.content.decode()
    neg = client.post(url, {"reference": "1.2", "description": "Neg", "budget_text": "-100"})
    assert neg.status_code == 400 and "cannot be negative" in neg.content.decode()
    unknown = client.post(url, {"reference": "1.3", "description": "Who", "lead_text": "XX1"})
    assert unknown.status_code == 400 and "Unknown lead unit" in unknown.content.decode()


def test_report_page_has_summary_exceptions_and_actions(client, action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Slipping", status=Rag.AT_RISK)
    response = client.get(reverse("plans:report", args=[action.plan.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Summary by principle" in body and "Exceptions" in body and "Slipping" in body


def test_report_as_of_an_earlier_date_shows_progress_up_to_then(client, action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Early", reported_on=date(2026, 1, 1))
    services.add_progress(action, by=lead_officer, narrative="Later", reported_on=date(2026, 3, 1))
    body = client.get(reverse("plans:report", args=[action.plan.slug]), {"as_of": "2026-02-01"}).content.decode()
    assert "Early" in body and "Later" not in body


def test_report_pdf_is_a_pdf(client, action):
    response = client.get(reverse("plans:report_download", args=[action.plan.slug, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_report_csv_and_xlsx_list_each_action(client, action):
    csv_body = client.get(reverse("plans:report_download", args=[action.plan.slug, "csv"])).content.decode()
    assert "1.1" in csv_body.splitlines()[1]
    xlsx = client.get(reverse("plans:report_download", args=[action.plan.slug, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx))["Actions"]
    assert sheet.cell(row=2, column=2).value == "1.1"


def test_annual_review_page_creates_the_next_version(client, plan, action, manager):
    client.force_login(manager)
    response = client.post(reverse("plans:review", args=[plan.slug]), {"issued_on": "2027-04-01"})
    assert response.status_code == 302
    assert plan.later_versions.get().actions.get().carried_from == action
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_workspace_card_lists_overdue_actions_for_the_lead(client, action, lead_officer):
    action.deadline_kind, action.deadline_end, action.deadline_text = "date", date(2020, 1, 31), "Jan 2020"
    action.save()
    client.force_login(lead_officer)
    body = client.get(reverse("workspace:home")).content.decode()
    assert "Action plans" in body and "1 overdue" in body.replace("<strong>", "").replace("</strong>", "")


def test_plan_list_filters_by_status(client, plan):
    Plan.objects.create(
        title="Old commitment", slug="old-commitment", owner=plan.owner, is_public=True, status="historical"
    )
    body = client.get(reverse("plans:index"), {"status": "historical"}).content.decode()
    assert "Old commitment" in body and plan.title not in body


def test_my_actions_page_lists_stalled_actions_of_my_unit(client, action, lead_officer, settings):
    settings.PLANS_STALLED_DAYS = 30
    services.add_progress(action, by=lead_officer, narrative="Started", reported_on=date.today() - timedelta(days=45))
    client.force_login(lead_officer)
    body = client.get(reverse("plans:mine")).content.decode()
    assert "no progress update for 30 days" in body
    assert body.count(action.get_absolute_url()) == 2  # under "Stalled" and "All open actions"


def test_report_xlsx_holds_formula_text_as_text_on_every_sheet(client, action):
    plan = action.plan
    plan.title = "=HYPERLINK(1)"
    plan.save()
    action.section.title = "+cmd"
    action.section.save()
    action.reference = "-1.1"
    action.save()
    xlsx = client.get(reverse("plans:report_download", args=[plan.slug, "xlsx"])).content
    workbook = load_workbook(io.BytesIO(xlsx))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'=HYPERLINK(1)" in texts and "'-1.1" in texts
    assert not [t for t in texts if t[:1] in "=+-@"]


def test_an_action_can_be_added_to_and_moved_within_a_principle(client, action, manager):
    client.force_login(manager)
    section = action.section
    r = client.post(
        reverse("plans:action_create", args=[action.plan.slug]),
        {"reference": "1.2", "description": "Hold open days", "section": str(section.pk)},
    )
    assert r.status_code == 302, r.content.decode()
    assert action.plan.actions.get(reference="1.2").section == section
    r = client.post(
        reverse("plans:action_edit", args=[action.plan.slug, action.pk]),
        {"reference": "1.1", "description": "Publish it twice", "section": str(section.pk), "lead_text": "CO11"},
    )
    assert r.status_code == 302, r.content.decode()
    action.refresh_from_db()
    assert action.description == "Publish it twice" and action.section == section
