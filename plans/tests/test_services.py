from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry, Notification
from organisations.tests.factories import UnitFactory
from plans import services
from plans.models import Action, Plan, Rag
from plans.parsing import parse_budget
from plans.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_duplicate_reference_within_a_plan_is_refused(plan, manager, action):
    with pytest.raises(ServiceError) as err:
        services.save_action(plan, by=manager, data={"reference": "1.1", "description": "Again"})
    assert err.value.field == "reference"
    assert plan.actions.count() == 1


def test_same_reference_in_another_plan_is_fine(plan, manager, action):
    other = Plan.objects.create(title="Other", slug="other", owner=plan.owner)
    services.save_action(other, by=manager, data={"reference": "1.1", "description": "Same number"})
    assert Action.objects.filter(reference="1.1").count() == 2


def test_negative_budget_is_refused(plan, manager):
    with pytest.raises(ServiceError) as err:
        services.save_action(plan, by=manager, data={"reference": "2.1", "description": "X", "budget_text": "-£5"})
    assert err.value.field == "budget"
    with pytest.raises(ServiceError):
        parse_budget(Decimal("-1"))


def test_unknown_lead_unit_is_refused(plan, manager):
    with pytest.raises(ServiceError) as err:
        services.save_action(plan, by=manager, data={"reference": "2.1", "description": "X", "lead_text": "ZZ99"})
    assert "ZZ99" in err.value.message
    assert not plan.actions.exists()


def test_printed_lead_with_two_units_resolves_both(plan, manager, lead_unit):
    UnitFactory(name="Territorial Support Unit", short_name="CO20")
    action = services.save_action(
        plan, by=manager, data={"reference": "3.8", "description": "X", "lead_text": "CO11 & CO20"}
    )
    assert sorted(action.lead_units.values_list("short_name", flat=True)) == ["CO11", "CO20"]
    assert action.lead_text == "CO11 & CO20"


@pytest.mark.parametrize("printed", ["TP (SN)", "TP(SN)", "tp (sn)"])
def test_a_lead_printed_with_brackets_is_the_unit_of_that_whole_short_name(plan, manager, printed):
    UnitFactory(name="Territorial Policing", short_name="TP")
    UnitFactory(name="Safer Neighbourhoods", short_name="SN")
    snt = UnitFactory(name="Territorial Policing Safer Neighbourhoods", short_name="TP (SN)")
    action = services.save_action(plan, by=manager, data={"reference": "3.9", "description": "X", "lead_text": printed})
    assert list(action.lead_units.all()) == [snt]


def test_a_lead_printed_as_name_and_short_name_still_finds_the_unit(plan, manager, lead_unit):
    action = services.save_action(
        plan, by=manager, data={"reference": "3.10", "description": "X", "lead_text": "Public Order (CO11)"}
    )
    assert list(action.lead_units.all()) == [lead_unit]


def test_non_manager_cannot_add_actions(plan, other_officer):
    with pytest.raises(NotAllowed):
        services.save_action(plan, by=other_officer, data={"reference": "9", "description": "X"})


def test_progress_dated_in_the_future_is_refused(action, lead_officer):
    with pytest.raises(ServiceError) as err:
        services.add_progress(action, by=lead_officer, narrative="Soon", reported_on=date.today() + timedelta(days=1))
    assert err.value.field == "reported_on"
    assert not action.updates.exists()


def test_lead_unit_staff_report_progress_and_it_is_audited(action, lead_officer):
    services.add_progress(
        action,
        by=lead_officer,
        narrative="Seminars booked",
        status=Rag.ON_TRACK,
        percent_complete=40,
        evidence=[("https://example.test/minutes", "Minutes")],
    )
    action.refresh_from_db()
    assert action.status == Rag.ON_TRACK
    assert action.last_progress_on == date.today()
    assert action.updates.get().evidence.get().title == "Minutes"
    entry = AuditEntry.objects.get(action="plan.progress_reported")
    assert entry.actor == lead_officer
    assert entry.changes["status"] == ["", "on_track"]


def test_staff_outside_the_lead_unit_cannot_report_progress(action, other_officer):
    with pytest.raises(NotAllowed):
        services.add_progress(action, by=other_officer, narrative="Not mine")


def test_evidence_must_be_a_web_address(action, lead_officer):
    with pytest.raises(ServiceError) as err:
        services.add_progress(action, by=lead_officer, narrative="X", evidence=["javascript:alert(1)"])
    assert err.value.field == "evidence"


def test_annual_review_carries_open_actions_forward_and_keeps_the_old_version(plan, action, manager, lead_officer):
    done = ActionFactory(plan=plan, reference="1.2", status=Rag.COMPLETE)
    services.add_progress(
        action, by=lead_officer, narrative="Half way", status=Rag.AT_RISK, reported_on=date(2026, 1, 5)
    )
    new = services.review_plan(plan, by=manager, issued_on=date(2026, 4, 1))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUPERSEDED
    assert new.version == 2 and new.previous_version == plan
    carried = new.actions.get()
    assert carried.reference == "1.1" and carried.carried_from == action
    assert list(carried.lead_units.all()) == list(action.lead_units.all())
    assert [u.narrative for u in services.updates_with_history(carried)] == ["Half way"]
    assert plan.actions.count() == 2 and done.plan == plan
    with pytest.raises(ServiceError):
        services.review_plan(plan, by=manager, issued_on=date(2026, 5, 1))


@pytest.fixture
def monitored(action):
    action.plan.status = Plan.Status.ACTIVE
    action.plan.save()
    action.deadline_text, action.deadline_kind, action.deadline_end = "March 2026", "date", date(2026, 3, 31)
    action.save()
    return action


def test_flagging_tells_the_lead_by_notice_and_email_once(
    monitored, lead_officer, other_officer, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(date(2026, 4, 10)), django_capture_on_commit_callbacks(execute=True):
        call_command("flag_plan_actions", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("flag_plan_actions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    notices = Notification.objects.filter(kind="plans.overdue")
    assert [n.user for n in notices] == [lead_officer]
    mails = [m for m in smtp_server.messages if "is overdue" in m["Subject"]]
    assert len(mails) == 1 and mails[0]["X-Rcpt-To"] == "lead@police.example.test"


def test_a_progress_update_resets_the_flag(monitored, lead_officer):
    services.flag_actions(today=date(2026, 4, 10))
    services.add_progress(monitored, by=lead_officer, narrative="Late but moving", reported_on=date(2026, 4, 1))
    counts = services.flag_actions(today=date(2026, 4, 11))
    assert counts["overdue"] == 1


def test_stalled_uses_the_configured_number_of_days(monitored, lead_officer, settings):
    monitored.deadline_kind = ""
    monitored.save()
    services.add_progress(monitored, by=lead_officer, narrative="Start", reported_on=date(2026, 1, 1))
    settings.PLANS_STALLED_DAYS = 30
    assert services.flag_actions(today=date(2026, 1, 20))["stalled"] == 0
    assert services.flag_actions(today=date(2026, 2, 5))["stalled"] == 1


def test_historical_plans_are_not_flagged(monitored, lead_officer):
    monitored.plan.status = Plan.Status.HISTORICAL
    monitored.plan.save()
    assert services.flag_actions(today=date(2026, 4, 10)) == {"overdue": 0, "stalled": 0, "notices": 0, "emails": 0}


def test_personal_data_export_and_erase_keep_the_progress_record(action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Briefed the panel")
    assert services.export_personal_data(lead_officer)[0]["narrative"] == "Briefed the panel"
    assert services.erase_personal_data(lead_officer) == 1
    update = action.updates.get()
    assert update.by is None and update.by_label == "" and update.narrative == "Briefed the panel"


def test_progress_cannot_be_added_to_a_replaced_version(plan, action, manager, lead_officer):
    services.review_plan(plan, by=manager, issued_on=date(2026, 4, 1))
    action.refresh_from_db()
    with pytest.raises(ServiceError):
        services.add_progress(action, by=lead_officer, narrative="Too late")
