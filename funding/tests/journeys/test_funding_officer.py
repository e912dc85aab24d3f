"""A funding officer runs a round to its evaluation report; the oversight body's reader reads the end-of-year
report and downloads its PDF. Every page passed is checked by axe, at 320 px, and by the Nu HTML checker."""

import re
from typing import Any

import pytest
from django.utils import timezone

from workspace.tests.journeys.steps import follow, press

pytestmark = [pytest.mark.browser]
ROUND = "Youth engagement fund (journey)"


def _date(page: Any, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def test_a_funding_officer_runs_a_round_to_its_evaluation_report(cast: Any, tmp_path: Any) -> None:
    officer = cast("central-champion")
    page = officer.page
    page.get_by_role("navigation", name="Staff workspace").get_by_role("link", name="Funding").click()
    officer.check()
    follow(officer, "Open a funding round")
    press(officer, "Save")  # nothing filled in: every error names its field and leads to it
    for link in page.locator(".govuk-error-summary").get_by_role("link").all():
        assert page.locator(link.get_attribute("href") or "").count() == 1, link.inner_text()
    today = timezone.localdate()
    page.get_by_label("Name", exact=True).fill(ROUND)
    page.get_by_label("Borough engagement groups").check()
    page.get_by_label("Purpose").fill("Projects that bring young people and their neighbourhood teams together.")
    page.get_by_label("Criteria").fill("Reaches young people the borough rarely hears from.")
    page.get_by_label("Budget (£)").fill("-5")
    _date(page, "opens_on", 1, today.month, today.year)
    _date(page, "closes_on", 28, 12, today.year + 1)
    press(officer, "Save")
    assert page.get_by_text("Budget (£) must be more than £0").count() > 0
    page.get_by_label("Budget (£)").fill("20000")
    press(officer, "Save")
    assert page.get_by_text(f"Funding round “{ROUND}” saved.").is_visible()

    group = page.locator("#id_group option", has_text="Lewisham").first.get_attribute("value") or ""
    page.locator("#id_group").select_option(group)
    page.get_by_label("Project", exact=True).fill("Football and a chat")
    page.get_by_label("What the money is for").fill("Pitch hire and a youth worker for twelve evenings.")
    page.get_by_label("Amount requested (£)").fill("6000")
    press(officer, "Record application")
    assert page.get_by_text("Application “Football and a chat” recorded.").is_visible()

    page.get_by_label("Allocate", exact=True).check()
    page.get_by_label("Amount allocated (£)").fill("25000")  # more than the round holds
    press(officer, "Record decision")
    assert page.get_by_text("left in this round's budget").count() > 0
    page.get_by_label("Allocate", exact=True).check()
    page.get_by_label("Amount allocated (£)").fill("5000")
    page.get_by_label("Conditions").fill("A spend return with receipts after six evenings.")
    press(officer, "Record decision")
    assert page.get_by_text("Decision recorded.").is_visible()

    receipt = tmp_path / "pitch-hire.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% pitch hire receipt\n")
    page.get_by_label("Spend return").check()
    page.get_by_label("Amount (£)").fill("1800")
    page.get_by_label("What it was spent on").fill("Pitch hire, six evenings")
    _date(page, "claim-spent_on", today.day, today.month, today.year)
    page.locator("#id_claim-receipt").set_input_files(str(receipt))
    press(officer, re.compile("^Record$"))
    assert page.get_by_text("Spend return of £1,800.00 recorded.").is_visible()
    press(officer, "Accept claim of £1800.00")
    assert page.get_by_text("Claim accepted.").is_visible()

    page.get_by_label("Objectives met", exact=True).check()
    page.get_by_label("What the project achieved").fill("Forty young people came; three joined the youth panel.")
    page.get_by_label("People reached").fill("40")
    press(officer, "Save evaluation")
    assert page.get_by_text("Evaluation report saved.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download receipt for Pitch hire, six evenings").click()
    assert download.value.suggested_filename.endswith(".pdf")

    reader = cast("oversight-reader")
    reader.goto("/funding/report/")
    reader.check()
    assert reader.page.get_by_text("Football and a chat").count() > 0
    assert reader.page.get_by_text("Objectives met").count() > 0
    assert reader.page.get_by_role("button", name="Record decision").count() == 0
    with reader.page.expect_download() as pdf:
        reader.page.get_by_role("link", name="Download as PDF").click()
    assert open(pdf.value.path(), "rb").read().startswith(b"%PDF")  # noqa: SIM115, PTH123
    reader.goto("/funding/spread/")
    reader.check()
    assert reader.page.get_by_text("TS011").count() > 0
