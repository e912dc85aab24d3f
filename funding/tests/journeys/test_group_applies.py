"""A borough engagement group's secretary applies online; funding staff allocate; the group sends a spend return
with its receipt; staff accept it and record a payment; the end-of-year report and the payment ledger show it.
Every page passed is checked by axe, at 320 px, and by the Nu HTML checker."""

import re
from typing import Any

import pytest
from django.utils import timezone

from workspace.tests.journeys.steps import follow, press

pytestmark = [pytest.mark.browser]
ROUND = "Community confidence fund (group journey)"
PROJECT = "Listening walks in Catford"


def _date(page: Any, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def test_a_group_applies_staff_allocate_and_pay_and_the_report_shows_it(cast: Any, tmp_path: Any) -> None:
    today = timezone.localdate()
    staff = cast("central-champion")
    staff.goto("/funding/rounds/new/")
    page = staff.page
    page.get_by_label("Name", exact=True).fill(ROUND)
    page.get_by_label("Borough engagement groups").check()
    page.get_by_label("Purpose").fill("Projects that help residents tell the police what matters to them.")
    page.get_by_label("Criteria").fill("Reaches residents the borough rarely hears from.")
    page.get_by_label("Budget (£)").fill("10000")
    _date(page, "opens_on", 1, today.month, today.year)
    _date(page, "closes_on", 28, 12, today.year + 1)
    press(staff, "Save")
    assert page.get_by_text(f"Funding round “{ROUND}” saved.").is_visible()

    group = cast("group-officer")
    gpage = group.page
    gpage.get_by_role("navigation", name="Staff workspace").get_by_role("link", name="Funding").click()
    group.check()
    follow(group, f"Apply to {ROUND}")
    gpage.locator("#id_group").select_option(index=1)
    gpage.get_by_label("Project", exact=True).fill(PROJECT)
    gpage.get_by_label("What the money is for").fill("Six evening walks with residents and the ward team.")
    gpage.get_by_label("Amount requested (£)").fill("-20")
    press(group, "Send the application")
    assert gpage.get_by_text("Amount requested (£) must be more than £0").count() > 0
    gpage.get_by_label("Amount requested (£)").fill("1500")
    press(group, "Send the application")
    assert gpage.get_by_text(f"Application “{PROJECT}” sent.").is_visible()
    allocation_url = "/" + gpage.url.split("/", 3)[3]
    assert gpage.get_by_role("button", name="Record decision").count() == 0

    staff.goto(allocation_url)
    page.get_by_label("Allocate", exact=True).check()
    page.get_by_label("Amount allocated (£)").fill("1200")
    page.get_by_label("Conditions").fill("A spend return with receipts after the third walk.")
    press(staff, "Record decision")
    assert page.get_by_text("Decision recorded.").is_visible()

    group.goto("/funding/groups/")
    group.check()
    follow(group, PROJECT)
    assert gpage.get_by_text("A spend return with receipts after the third walk.").is_visible()
    receipt = tmp_path / "walk-leaflets.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% leaflets receipt\n")
    gpage.get_by_label("Spend return").check()
    gpage.get_by_label("Amount (£)").fill("300")
    gpage.get_by_label("What it was spent on").fill("Leaflets for three walks")
    _date(gpage, "claim-spent_on", today.day, today.month, today.year)
    gpage.locator("#id_claim-receipt").set_input_files(str(receipt))
    press(group, re.compile("^Send$"))
    assert gpage.get_by_text("Spend return of £300.00 recorded.").is_visible()

    staff.goto(allocation_url)
    press(staff, "Accept claim of £300.00")
    assert page.get_by_text("Claim accepted.").is_visible()
    page.get_by_label("Amount paid (£)").fill("1300")  # more than allocated
    _date(page, "payment-paid_on", today.day, today.month, today.year)
    page.get_by_label("Payment reference").fill("BACS-GJ-001")
    press(staff, "Record payment")
    assert page.get_by_text("not yet paid").count() > 0
    page.get_by_label("Amount paid (£)").fill("600")
    press(staff, "Record payment")
    assert page.get_by_text("Payment of £600.00 recorded.").is_visible()

    staff.goto("/funding/report/")
    staff.check()
    assert page.get_by_role("link", name=PROJECT).count() > 0
    follow(staff, re.compile(r"paid: the payment ledger"))
    assert page.get_by_text("BACS-GJ-001").is_visible()

    group.goto("/funding/groups/")
    assert gpage.get_by_text("£600.00").count() > 0
