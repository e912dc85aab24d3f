"""The funding pages: who may open them (another borough's officer, anonymous, a partner), money refused with a
clear 400, receipts only through the checked view, the reports and their downloads, the API."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from funding import services
from funding.models import Allocation, Claim, Round

pytestmark = pytest.mark.django_db


def _claim_with_receipt(funder: Any, allocation: Allocation, today: date) -> Claim:
    pdf = SimpleUploadedFile("hall.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    return services.add_claim(
        funder, allocation, kind="return", amount="50", description="Hall hire", spent_on=today, receipt=pdf
    )


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, allocation: Allocation) -> None:
    for url in (
        reverse("funding:index"),
        reverse("funding:round", args=[allocation.round_id]),
        reverse("funding:allocation", args=[allocation.pk]),
        reverse("funding:report_pdf"),
        reverse("funding:receipt", args=[allocation.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/funding/rounds").status_code in {401, 403}


def test_partners_and_neighbourhood_officers_are_refused(
    client: Any, partner: Any, officer: Any, allocation: Allocation
) -> None:
    for who in (partner, officer):
        client.force_login(who)
        assert client.get(reverse("funding:index")).status_code == 403
        assert client.get(reverse("funding:allocation", args=[allocation.pk])).status_code == 403
        assert client.get(reverse("funding:report_csv")).status_code == 403
        assert client.get("/api/v1/funding/rounds").status_code == 403


def test_another_boroughs_manager_sees_neither_the_allocation_nor_its_receipt(
    client: Any, funder: Any, lambeth_funder: Any, allocation: Allocation, today: date
) -> None:
    claim = _claim_with_receipt(funder, allocation, today)
    client.force_login(lambeth_funder)
    assert client.get(reverse("funding:allocation", args=[allocation.pk])).status_code == 404
    assert client.get(reverse("funding:receipt", args=[allocation.pk, claim.pk])).status_code == 404
    response = client.post(
        reverse("funding:decide", args=[allocation.pk]), {"decision-decision": "allocate", "decision-amount": "1"}
    )
    assert response.status_code == 404
    round_page = client.get(reverse("funding:round", args=[allocation.round_id])).content.decode()
    assert "Street surgeries" not in round_page
    report = client.get(reverse("funding:report_csv")).content.decode()
    assert "Street surgeries" not in report
    api = client.get(f"/api/v1/funding/rounds/{allocation.round_id}/allocations").json()
    assert api["results"] == []


def test_receipts_come_only_through_the_checked_view(
    client: Any, funder: Any, reader: Any, allocation: Allocation, today: date
) -> None:
    claim = _claim_with_receipt(funder, allocation, today)
    client.force_login(reader)
    response = client.get(reverse("funding:receipt", args=[allocation.pk, claim.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/media/{claim.receipt.name}").status_code == 404


def test_the_oversight_reader_reads_everything_and_changes_nothing(
    client: Any, reader: Any, allocation: Allocation
) -> None:
    client.force_login(reader)
    page = client.get(reverse("funding:allocation", args=[allocation.pk])).content.decode()
    assert "Street surgeries" in page and "Record decision" not in page
    response = client.post(
        reverse("funding:decide", args=[allocation.pk]), {"decision-decision": "allocate", "decision-amount": "1"}
    )
    assert response.status_code == 403
    assert client.get(reverse("funding:round_create")).status_code == 403
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("500.00")


@pytest.mark.parametrize("amount", ["-10", "0", "100000000", "12.345", "lots"])
def test_bad_money_on_a_page_is_a_400_naming_the_field(
    client: Any, lewisham_funder: Any, allocation: Allocation, amount: str
) -> None:
    client.force_login(lewisham_funder)
    response = client.post(
        reverse("funding:add_claim", args=[allocation.pk]),
        {
            "claim-kind": "claim",
            "claim-amount": amount,
            "claim-description": "Room",
            "claim-spent_on_day": "1",
            "claim-spent_on_month": "4",
            "claim-spent_on_year": "2026",
        },
    )
    assert response.status_code == 400
    assert "Amount" in response.content.decode()
    assert not Claim.objects.exists()


def test_overspending_a_round_from_the_page_is_refused(
    client: Any, lewisham_funder: Any, allocation: Allocation, lewisham_group: Any, today: date
) -> None:
    other = Allocation.objects.create(
        round=allocation.round,
        group=lewisham_group,
        borough=lewisham_group.borough,
        project="Second",
        summary="More",
        requested=Decimal("900"),
    )
    client.force_login(lewisham_funder)
    response = client.post(
        reverse("funding:decide", args=[other.pk]), {"decision-decision": "allocate", "decision-amount": "600"}
    )
    assert response.status_code == 400 and "left in this round" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Allocation.Status.APPLIED


def test_a_funder_runs_a_round_from_opening_to_evaluation(
    client: Any, funder: Any, lewisham_group: Any, today: date
) -> None:
    client.force_login(funder)
    response = client.post(
        reverse("funding:round_create"),
        {
            "name": "Partnership fund",
            "kind": "partnership",
            "purpose": "Joint projects",
            "criteria": "Two partners",
            "budget": "5000",
            "opens_on_day": str(today.day),
            "opens_on_month": str(today.month),
            "opens_on_year": str(today.year),
            "closes_on_day": "31",
            "closes_on_month": "12",
            "closes_on_year": str(today.year + 1),
        },
    )
    assert response.status_code == 302
    round_ = Round.objects.get(name="Partnership fund")
    response = client.post(
        round_.get_absolute_url(),
        {"group": lewisham_group.pk, "project": "Youth forum", "summary": "A forum", "requested": "2000"},
    )
    allocation = Allocation.objects.get(project="Youth forum")
    assert response.status_code == 302 and response["Location"] == allocation.get_absolute_url()
    url = reverse("funding:decide", args=[allocation.pk])
    response = client.post(
        url, {"decision-decision": "allocate", "decision-amount": "1500", "decision-conditions": "Report"}
    )
    assert response.status_code == 302
    receipt = SimpleUploadedFile("r.png", b"\x89PNG\r\n", content_type="image/png")
    response = client.post(
        reverse("funding:add_claim", args=[allocation.pk]),
        {
            "claim-kind": "return",
            "claim-amount": "300",
            "claim-description": "Venue",
            "claim-spent_on_day": str(today.day),
            "claim-spent_on_month": str(today.month),
            "claim-spent_on_year": str(today.year),
            "claim-receipt": receipt,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("funding:evaluate", args=[allocation.pk]),
        {"evaluation-verdict": "met", "evaluation-outcomes": "Forum met four times", "evaluation-people_reached": "60"},
    )
    assert response.status_code == 302
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert "Forum met four times" in page and "£300.00" in page
    report = client.get(reverse("funding:report"), {"round": round_.pk}).content.decode()
    assert "Youth forum" in report and "Objectives met" in report


def test_report_downloads(client: Any, reader: Any, allocation: Allocation) -> None:
    client.force_login(reader)
    pdf = client.get(reverse("funding:report_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and b"%%EOF" in pdf.content[-32:]
    csv_text = client.get(reverse("funding:report_csv")).content.decode()
    assert csv_text.splitlines()[0].startswith("Round,Borough,Group,Project")
    assert "Street surgeries" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(reverse("funding:report_xlsx")).content)).active
    assert sheet is not None and sheet.cell(row=2, column=4).value == "Street surgeries"
    assert client.get(reverse("funding:report"), {"round": "nope"}).status_code == 404


def test_the_spread_names_its_need_indicator_and_counts_per_resident(
    client: Any, reader: Any, allocation: Allocation, lewisham: Any
) -> None:
    client.force_login(reader)
    html = client.get(reverse("funding:spread")).content.decode()
    assert "TS011" in html and "Lewisham" in html and "£500.00" in html
    rows = client.get(reverse("funding:spread_csv")).content.decode().splitlines()
    lewisham_row = next(r for r in rows if r.startswith("Lewisham,"))
    per_thousand = (Decimal("500") * 1000 / lewisham.population).quantize(Decimal("0.01"))
    assert f",{per_thousand}," in lewisham_row


def test_a_borough_manager_sees_their_borough_in_the_spread(
    client: Any, lewisham_funder: Any, allocation: Allocation
) -> None:
    client.force_login(lewisham_funder)
    html = client.get(reverse("funding:spread")).content.decode()
    assert "Lewisham" in html and "Lambeth" not in html


def test_the_api_lists_rounds_and_allocations(client: Any, reader: Any, allocation: Allocation) -> None:
    client.force_login(reader)
    rounds = client.get("/api/v1/funding/rounds").json()["results"]
    assert Decimal(rounds[0]["allocated"]) == Decimal("500.00")
    items = client.get(f"/api/v1/funding/rounds/{allocation.round_id}/allocations").json()["results"]
    assert items[0]["project"] == "Street surgeries" and items[0]["borough"] == "Lewisham"
    assert client.get("/api/v1/funding/rounds/999999/allocations").status_code == 404


def test_each_boroughs_allocation_in_the_spread_links_to_the_projects_it_counts(
    client: Any, reader: Any, lewisham_funder: Any, allocation: Allocation, lambeth: Any
) -> None:
    client.force_login(reader)
    html = client.get(reverse("funding:spread")).content.decode()
    assert 'href="/funding/report/?borough=E09000023"' in html
    report = client.get(reverse("funding:report"), {"borough": "E09000023"}).content.decode()
    assert "Street surgeries" in report and "Showing Lewisham only" in report
    assert (
        "Street surgeries" not in client.get(reverse("funding:report_csv"), {"borough": lambeth.code}).content.decode()
    )
    client.force_login(lewisham_funder)
    assert client.get(reverse("funding:report"), {"borough": lambeth.code}).status_code == 404
