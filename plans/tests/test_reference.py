from decimal import Decimal

import pytest
from django.core.management import call_command

from plans import queries, reference
from plans.models import Action, Plan, ProgressUpdate, Rag
from plans.parsing import parse_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(london):
    call_command("load_reference_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {p.reference_key: p for p in Plan.objects.all()}


def test_loading_twice_creates_each_plan_once(loaded):
    call_command("load_reference_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Plan.objects.count() == 3
    assert (
        Action.objects.filter(plan=loaded["mps-action-plan-2011"]).count() == 43
    )  # 1.1-1.4, 1.6, 2.1-2.9, 3.1-3.10, 4.1-4.7, 5.1-5.5, 6.1-6.7


def test_2011_plan_has_six_principles_and_every_action_of_the_source(loaded):
    plan = loaded["mps-action-plan-2011"]
    assert [s.title for s in plan.sections.all()] == [
        "Information",
        "Inclusion",
        "Preparation",
        "Integration",
        "Involve",
        "Feedback",
    ]
    refs = list(plan.actions.values_list("reference", flat=True))
    assert refs[:5] == ["1.1", "1.2", "1.3", "1.4", "1.6"]  # the source has no 1.5
    assert {"3.5", "3.10", "4.7", "5.5", "6.7"} <= set(refs)
    assert plan.sections.get(number="4").actions.count() == 7


def test_2011_keeps_the_seed_wording_including_its_typos(loaded):
    plan = loaded["mps-action-plan-2011"]
    assert "locally greed priorities" in plan.actions.get(reference="6.1").description
    assert "affect the m," in plan.sections.get(number="5").statement


def test_a_printed_lead_of_two_units_gives_two_lead_units(loaded):
    action = loaded["mps-action-plan-2011"].actions.get(reference="3.8")
    assert action.lead_text == "CO11 & CO20"
    assert sorted(action.lead_units.values_list("short_name", flat=True)) == ["CO11", "CO20"]


def test_seed_progress_is_the_first_update_dated_april_2011(loaded):
    action = loaded["mps-action-plan-2011"].actions.get(reference="3.7")
    update = action.updates.get()
    assert update.reported_on.isoformat() == "2011-04-01"
    assert update.narrative == "Work in progress with oversight of CSB"
    assert update.status == Rag.NOT_RECORDED


def test_status_is_complete_only_where_the_seed_says_complete(loaded):
    plan = loaded["mps-action-plan-2011"]
    complete = set(plan.actions.filter(status=Rag.COMPLETE).values_list("reference", flat=True))
    assert complete == {"4.1", "4.2"}
    assert not plan.actions.exclude(status__in=[Rag.COMPLETE, Rag.NOT_RECORDED]).exists()
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 42  # 1.2 has none of its own


def test_2006_budget_totals_are_computed_and_agree_with_the_printed_totals(loaded):
    plan = loaded["mpa-objectives-2006"]
    report = queries.build_report(plan)
    computed = {s.section.number: s.budget for s in report.sections if s.has_budget}
    printed = {k: parse_budget(v) for k, v in reference.printed_totals("mpa_objectives_2006.json").items() if v}
    assert printed == {
        "1": Decimal("13000"),
        "2": Decimal("1109000"),
        "3": Decimal("79000"),
        "5": Decimal("47000"),
    }
    assert computed == printed
    assert report.total_budget == Decimal("1248000")


def test_2006_objective_2_heading_is_marked_as_not_in_the_source(loaded):
    section = loaded["mpa-objectives-2006"].sections.get(number="2")
    assert "not in the source" in section.source_note
    assert section.actions.count() == 10


def test_2006_deadlines_are_structured_with_the_printed_text(loaded):
    plan = loaded["mpa-objectives-2006"]
    period = plan.actions.get(reference="2.1")
    assert (period.deadline_text, period.deadline_kind) == ("Apr – Nov 2006", "period")
    assert (period.deadline_start.isoformat(), period.deadline_end.isoformat()) == ("2006-04-01", "2006-11-30")
    assert plan.actions.get(reference="1.3").deadline_kind == "ongoing"
    assert plan.actions.get(reference="2.2").due_on.isoformat() == "2007-12-31"


def test_2020_has_23_priorities_in_three_strands(loaded):
    plan = loaded["cpie-priorities-2020"]
    assert plan.actions.count() == 23
    assert [s.title for s in plan.sections.all()] == ["Engagement", "Diversity & Inclusion", "Crime Prevention"]
    both = plan.actions.get(reference="8")
    assert both.section.title == "Diversity & Inclusion"
    assert [s.title for s in both.other_sections.all()] == ["Engagement"]
    assert plan.actions.get(reference="23").other_sections.count() == 2
    assert len(plan.notes[0]["items"]) == 11
