"""Ward engagement plans: gaps on known census figures, reviews against the register, permissions, bad input."""

import csv
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import CommunityFactory
from core.models import AuditEntry
from groups.models import Meeting, MeetingAttendance
from groups.tests.factories import CommunityGroupFactory, MemberFactory
from places.loaders import DATA_DIR
from practice import evidence
from practice.models import PlanTarget, WardPlan
from practice.services import plans as services

pytestmark = pytest.mark.django_db


def _ward_row(name: str) -> dict[str, str]:
    with (DATA_DIR / "london_wards_2022_census2021_sex_disability_birthplace.csv").open(encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["WD22NM"] == name)


def test_resident_shares_come_from_the_shipped_census(ward: Any) -> None:
    row = _ward_row("Catford South")
    disabled = float(row["disability_3a: Disabled under the Equality Act"])
    total = disabled + float(row["disability_3a: Not disabled under the Equality Act"])
    share, source = evidence.resident_share(ward, evidence.RESIDENTS[2])
    assert source == "ward" and share == pytest.approx(disabled / total)  # 2,422 of 17,269: 14 %
    young, source = evidence.resident_share(ward, evidence.RESIDENTS[0])
    assert source == "borough" and round(young * 100, 1) == 29.8  # Lewisham: 18.3 % aged 0-14 and 11.5 % 15-24


def test_a_gap_is_suggested_from_census_and_attendance(ward: Any, youth: Any, held: Any) -> None:
    held(ward, 97)
    held(ward, 3, communities=(youth,), days_ago=200)  # outside the six months
    held(ward, 3, communities=(youth,))
    ev = evidence.for_ward(ward)
    young = ev.shares[0]
    assert (ev.held, ev.people) == (2, 100)
    assert (young.residents_pct, young.participants_pct, young.activities) == (30, 3, 1)
    assert "Young people (under 25) are 30 % of residents and 3 % of participants" in ev.gaps
    # Disabled people (14 % of Catford South) have had nothing for them at all.
    assert "Disabled people are 14 % of residents and 0 % of participants; no activity for them in 6 months" in ev.gaps


def test_who_came_counts_attendance_then_the_groups_minutes_then_reach(
    ward: Any, youth: Any, held: Any, ward_team: Any
) -> None:
    held(ward, 30, reach=500)  # attendance recorded: reach (leaflets, views) is not counted on top
    held(ward, None, communities=(youth,), reach=20)  # no attendance: its reach
    held(ward, None, reach=None)  # nothing recorded
    meeting_activity = held(ward, None, communities=(youth,), reach=999)
    panel = CommunityGroupFactory()
    meeting = Meeting.objects.create(
        group=panel, activity=meeting_activity, minutes="Met.", minutes_recorded_at=timezone.now(), other_attendees=4
    )
    for member in MemberFactory.create_batch(6, group=panel):
        MeetingAttendance.objects.create(meeting=meeting, member=member, status=MeetingAttendance.Status.PRESENT)
    MeetingAttendance.objects.create(
        meeting=meeting, member=MemberFactory(group=panel), status=MeetingAttendance.Status.APOLOGIES
    )
    ev = evidence.for_ward(ward)
    assert (ev.held, ev.people, ev.without_figures) == (4, 30 + 20 + 10, 1)
    young = ev.shares[0]
    assert (young.activities, young.participants_pct) == (2, 50)  # 30 of 60 people were at activities for them
    assert evidence.people_at(Activity.objects.filter(pk=meeting_activity.pk)) == {meeting_activity.pk: 10}


def test_suggest_gaps_on_known_figures() -> None:
    r = evidence.RESIDENTS[0]
    share = evidence.Share(r, 0.24, "borough", 0.03, 0, None)
    assert evidence.suggest_gaps([share], 100) == [
        "Young people (under 25) are 24 % of residents and 3 % of participants; no activity for them in 6 months"
    ]
    well = evidence.Share(r, 0.24, "borough", 0.20, 4, None)
    assert evidence.suggest_gaps([well], 100) == []
    tiny = evidence.Share(r, 0.02, "borough", 0.0, 0, None)
    assert evidence.suggest_gaps([tiny], 100) == []


def test_a_sergeant_drafts_agrees_and_reviews(client: Any, officer: Any, ward: Any, youth: Any, held: Any) -> None:
    client.force_login(officer)
    url = reverse("practice:plan", args=[ward.code])
    assert client.get(url).status_code == 200
    r = client.post(
        reverse("practice:plan_edit", args=[ward.code]),
        {
            "profile_notes": "Two estates <b>and</b> a high street",
            "feedback_mechanism": "panel",
            "feedback_details": "",
        },
    )
    assert r.status_code == 302
    assert client.post(reverse("practice:plan_agree", args=[ward.code])).status_code == 400  # no community yet
    r = client.post(
        reverse("practice:plan_community", args=[ward.code]),
        {"community": youth.pk, "methods": ["school_visit", "workshop"], "why": "Under-represented"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("practice:plan_target", args=[ward.code]),
        {"community": youth.pk, "method": "", "measure": "activities", "number": "2", "note": ""},
    )
    assert r.status_code == 302
    assert client.post(reverse("practice:plan_agree", args=[ward.code])).status_code == 302
    plan = WardPlan.objects.get(ward=ward)
    assert plan.status == "agreed" and plan.review_due == timezone.localdate() + timedelta(days=182)
    html = client.get(url).content.decode()
    assert "&lt;b&gt;and&lt;/b&gt;" in html and "<b>and</b>" not in html
    assert "2 activities held with Young people in six months" in html
    held(ward, 12, communities=(youth,), days_ago=0)
    r = client.get(reverse("practice:plan_review", args=[ward.code]))
    assert r.status_code == 200
    r = client.post(reverse("practice:plan_review", args=[ward.code]), {"notes": "One school visit held."})
    assert r.status_code == 302
    review = plan.reviews.get()
    assert review.results == [
        {"target": "2 activities held with Young people in six months", "number": 2, "achieved": 1, "met": False}
    ]
    actions = set(AuditEntry.objects.filter(object_id=str(plan.pk)).values_list("action", flat=True))
    assert {"practice.plan.add", "practice.plan.agree", "practice.plan.review", "practice.plan.target_add"} <= actions
    assert client.get(reverse("practice:plan_history", args=[ward.code])).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, ward: Any) -> None:
    for name, args in (("practice:plans", []), ("practice:plan", [ward.code]), ("practice:plan_edit", [ward.code])):
        r = client.get(reverse(name, args=args))
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_another_boroughs_sergeant_cannot_read_or_edit(client: Any, other_sergeant: Any, ward: Any) -> None:
    client.force_login(other_sergeant)
    assert client.get(reverse("practice:plan", args=[ward.code])).status_code == 403
    r = client.post(reverse("practice:plan_edit", args=[ward.code]), {"feedback_mechanism": "panel"})
    assert r.status_code == 403
    assert client.post(reverse("practice:plan_agree", args=[ward.code])).status_code == 403
    assert not WardPlan.objects.filter(ward=ward).exists()


def test_bad_input_is_refused_with_a_message(client: Any, officer: Any, ward: Any) -> None:
    client.force_login(officer)
    r = client.post(reverse("practice:plan_edit", args=[ward.code]), {"feedback_mechanism": "other"})
    assert r.status_code == 400 and "Describe how feedback will be given" in r.content.decode()
    r = client.post(reverse("practice:plan_edit", args=[ward.code]), {"feedback_mechanism": "pigeons"})
    assert r.status_code == 400
    r = client.post(reverse("practice:plan_target", args=[ward.code]), {"measure": "activities", "number": "-3"})
    assert r.status_code == 400 and not PlanTarget.objects.exists()
    r = client.post(reverse("practice:plan_community", args=[ward.code]), {"community": "999999", "methods": ["x"]})
    assert r.status_code == 400
    assert client.get(reverse("practice:plan", args=["E99999999"])).status_code == 404
    assert client.post(reverse("practice:plan_remove", args=[ward.code, "target", 12345])).status_code == 404
    assert client.post(reverse("practice:plan_remove", args=[ward.code, "ward", 1])).status_code == 404
    assert client.get(reverse("practice:plan_review", args=[ward.code])).status_code == 404  # no plan yet


def test_the_champion_sees_every_wards_status(client: Any, champion: Any, officer: Any, ward: Any) -> None:
    community = CommunityFactory(name="Older people", slug="older-people")
    services.save_plan(by=officer, ward=ward, profile_notes="", feedback_mechanism="panel", feedback_details="")
    services.set_community(by=officer, ward=ward, community=community, methods=["street_briefing"], why="")
    services.add_target(by=officer, ward=ward, data={"measure": "activities", "number": 1})
    services.agree_plan(by=officer, ward=ward, today=timezone.localdate() - timedelta(days=170))
    client.force_login(champion)
    html = client.get(reverse("practice:plans"), {"state": "due soon"}).content.decode()
    assert "Catford South" in html and "Lambeth" not in html
    html = client.get(reverse("practice:plans")).content.decode()
    assert "Brockley" in html  # another Lewisham ward, with no plan
    reminded = services.remind_due_reviews()
    assert [p.ward for p in reminded] == [ward] and services.remind_due_reviews() == []  # once per due date


def test_the_workspace_card_names_wards_without_an_agreed_plan(client: Any, officer: Any, ward: Any) -> None:
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Ward engagement plans" in html and "Wards without an agreed plan" in html and ward.name in html


def test_optional_fields_say_so_once() -> None:
    """The form renderer adds “(optional)” to every field that may be left empty; the labels do not repeat it."""
    from practice import forms

    for form in (
        forms.PlanForm(),
        forms.CommunityForm(),
        forms.TargetForm(),
        forms.CaseForm(),
        forms.CaseReviewForm(),
        forms.GuideForm(),
        forms.PackForm(),
    ):
        html = str(form)
        assert "(optional) (optional)" not in html, type(form).__name__
    assert "Note (optional)" in str(forms.TargetForm())
