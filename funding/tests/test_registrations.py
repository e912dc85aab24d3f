"""What funding adds to pages it does not own: the plans' board report, personal data, the demo."""

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.urls import reverse

from demo import funding as demo
from demo import groups as groups_demo
from funding import services
from funding.models import Allocation, Round
from plans import queries as plan_queries
from plans.tests.factories import ActionFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_the_plans_board_report_shows_the_funding_of_an_action_with_a_budget(
    client: Any, funder: Any, allocation: Allocation
) -> None:
    plan = PlanFactory(title="Engagement plan")
    action = ActionFactory(plan=plan, reference="3.1", budget=Decimal("940000"))
    unbudgeted = ActionFactory(plan=plan, reference="3.2", budget=None)
    Round.objects.filter(pk=allocation.round_id).update(plan_action=action)
    rows = {r.action.reference: r for r in plan_queries.build_report(plan).rows}
    assert rows["3.1"].notes == [
        "Funding round “Engagement fund 2026-27”: £500.00 allocated to 1 project(s) of a £1,000.00 budget"
    ]
    assert rows["3.2"].notes == [] and unbudgeted.pk
    client.force_login(funder)
    pdf = client.get(reverse("plans:report_download", args=[plan.slug, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client.get(reverse("plans:report", args=[plan.slug])).content.decode()
    assert "£500.00 allocated" in html


def test_personal_data_export_and_erasure(funder: Any, allocation: Allocation) -> None:
    services.decide(funder, allocation, allocate=True, amount="400")
    assert services.export_personal_data(funder)[0]["decided"] == "Street surgeries"
    assert services.erase_personal_data(funder) == 1
    allocation.refresh_from_db()
    assert allocation.decided_by is None and allocation.amount == Decimal("400.00")


def test_the_demo_round_is_fictional_and_loads_once(london: None) -> None:
    groups_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    round_ = Round.objects.get()
    assert round_.is_fictional and "fictional" in round_.name
    assert round_.allocations.filter(status=Allocation.Status.ALLOCATED).exists()
