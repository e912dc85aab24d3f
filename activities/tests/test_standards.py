"""Minimum standards that are true: only activity in a borough counts; evidence, rules, baselines, trend."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import queries, services
from activities.models import MinimumStandard, StandardBaseline
from activities.tests.factories import CommunityFactory, record
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth():  # type: ignore[no-untyped-def]
    return CommunityFactory(name="Young people", slug="young-people")


@pytest.fixture
def youth_standard(youth):  # type: ignore[no-untyped-def]
    return MinimumStandard.objects.create(name="Youth each quarter", level="borough", community=youth, period_days=91)


@pytest.fixture
def panel_standard():  # type: ignore[no-untyped-def]
    return MinimumStandard.objects.create(
        name="Each ward panel meets quarterly", level="ward", method="panel_meeting", period_days=91
    )


def _row(borough):  # type: ignore[no-untyped-def]
    return queries.standards_report(type(borough).objects.filter(pk=borough.pk))[0]


def test_london_wide_youth_forum_does_not_meet_a_boroughs_youth_standard(lewisham, youth, youth_standard):
    record(london_wide=True, communities=[youth], starts_at=timezone.now() - timedelta(days=3))
    result = _row(lewisham)["results"][0]
    assert result.met is False
    assert result.evidence_ids == []
    assert "London-wide" in result.rule


def test_london_wide_panel_does_not_count_as_each_wards_panel(lewisham, panel_standard):
    record(london_wide=True, method="panel_meeting", starts_at=timezone.now() - timedelta(days=3))
    result = _row(lewisham)["results"][0]
    assert result.met is False
    assert f"{lewisham.wards.count()} of {lewisham.wards.count()} wards" in result.detail


def test_borough_activity_meets_and_is_the_evidence(lewisham, lambeth, youth, youth_standard):
    here = record(boroughs=[lewisham], communities=[youth], starts_at=timezone.now() - timedelta(days=3))
    record(boroughs=[lambeth], communities=[youth], starts_at=timezone.now() - timedelta(days=3))
    result = _row(lewisham)["results"][0]
    assert result.met is True
    assert result.evidence_ids == [here.pk]


def test_failed_result_names_the_rule_it_failed(lewisham, youth_standard):
    result = _row(lewisham)["results"][0]
    assert result.met is False
    assert "at least 1" in result.rule.lower() and "Young people" in result.rule
    assert "none" in result.detail.lower() or "0 of 1" in result.detail


def test_ward_standard_lists_the_wards_short_and_the_evidence(lewisham, ward, panel_standard):
    panel = record(wards=[ward], method="panel_meeting", starts_at=timezone.now() - timedelta(days=3))
    result = _row(lewisham)["results"][0]
    assert result.met is False
    assert result.evidence_ids == [panel.pk]
    assert ward.name not in result.short_wards
    assert len(result.short_wards) == lewisham.wards.count() - 1


def test_oversight_reader_reads_the_report(client, make_staff, lewisham, youth_standard):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    response = client.get(reverse("activities:standards"))
    assert response.status_code == 200
    assert "Youth each quarter" in response.content.decode()


def test_evidence_page_lists_the_activities_counted(client, make_staff, lewisham, youth, youth_standard):
    counted = record(
        title="Lewisham youth evening",
        boroughs=[lewisham],
        communities=[youth],
        starts_at=timezone.now() - timedelta(3),
    )
    record(title="London youth forum", london_wide=True, communities=[youth], starts_at=timezone.now() - timedelta(3))
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    report = client.get(reverse("activities:standards")).content.decode()
    url = reverse("activities:standard_evidence", args=[youth_standard.pk, lewisham.code])
    assert url in report
    body = client.get(url).content.decode()
    assert "Lewisham youth evening" in body and counted.get_absolute_url() in body
    assert "London youth forum" not in body


def test_evidence_page_is_limited_to_the_readers_boroughs(client, make_staff, lewisham, lambeth, youth_standard):
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,)))
    url = reverse("activities:standard_evidence", args=[youth_standard.pk, lewisham.code])
    assert client.get(url).status_code == 404


def test_quarterly_baseline_is_kept_as_history(lewisham, youth, youth_standard):
    record(boroughs=[lewisham], communities=[youth], starts_at=timezone.now() - timedelta(days=600))
    today = timezone.localdate()
    made = services.record_standard_baselines(quarters=4, today=today)
    assert made > 0
    rows = list(StandardBaseline.objects.filter(borough=lewisham, standard=youth_standard).order_by("quarter_start"))
    assert len(rows) == 4
    assert all(r.quarter_start.day == 1 and r.quarter_start.month in (1, 4, 7, 10) for r in rows)
    # recording again keeps what was recorded: history is not rewritten
    first = rows[0]
    record(
        boroughs=[lewisham],
        communities=[youth],
        starts_at=timezone.make_aware(
            timezone.datetime.combine(first.quarter_start + timedelta(days=30), timezone.datetime.min.time())
        ),
    )
    assert services.record_standard_baselines(quarters=4, today=today) == 0
    first.refresh_from_db()
    assert first.met is False


def test_report_shows_the_trend(client, make_staff, lewisham, youth_standard):
    StandardBaseline.objects.create(
        standard=youth_standard, borough=lewisham, quarter_start=date(2025, 1, 1), met=True, count=1, detail="1 of 1"
    )
    StandardBaseline.objects.create(
        standard=youth_standard, borough=lewisham, quarter_start=date(2025, 4, 1), met=False, count=0, detail="0 of 1"
    )
    trend = queries.standard_trend(type(lewisham).objects.filter(pk=lewisham.pk))
    assert [b.met for b in trend[(youth_standard.pk, lewisham.pk)]] == [True, False]
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    body = client.get(reverse("activities:standards")).content.decode()
    assert "2025 Q1" in body and "2025 Q2" in body


def test_api_gives_the_report_with_evidence(client, make_staff, lewisham, youth, youth_standard):
    from accounts.services import create_api_token

    counted = record(boroughs=[lewisham], communities=[youth], starts_at=timezone.now() - timedelta(days=3))
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _token, raw = create_api_token(user=reader, name="test")
    response = client.get(
        f"/api/v1/activities/standards?borough={lewisham.code}", headers={"authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200, response.content
    body = response.json()["results"]
    result = body[0]["results"][0]
    assert body[0]["borough"] == lewisham.code
    assert result["met"] is True and result["evidence"] == [counted.pk]
    assert "rule" in result and "history" in result


def test_api_refuses_anonymous(client):
    assert client.get("/api/v1/activities/standards").status_code in (401, 403)


def test_demo_data_fails_a_borough_and_leaves_an_objection_for_the_champion(london):
    from demo import activities as demo
    from organisations.structure import load_units
    from places.models import Borough

    load_units()
    demo.load()
    report = queries.standards_report(Borough.objects.all())
    assert sum(1 for r in report if r["meets_all"]) < len(report)
    barking = next(r for r in report if r["borough"].name == "Barking and Dagenham")
    assert barking["meets_all"] is False
    assert StandardBaseline.objects.exists()
    from activities.models import PriorConsultation

    objection = PriorConsultation.objects.get(state="objected", ward__name="Catford South")
    assert objection.activity.consultation_pending


def test_evidence_lists_only_activities_the_reader_may_see(client, make_staff, lewisham, ward, panel_standard):
    other_ward = lewisham.wards.exclude(pk=ward.pk).first()
    record(title="Mine", wards=[ward], method="panel_meeting", starts_at=timezone.now() - timedelta(days=3))
    record(title="Theirs", wards=[other_ward], method="panel_meeting", starts_at=timezone.now() - timedelta(days=3))
    reader = make_staff(Role.OVERSIGHT_READER, wards=(ward,))
    client.force_login(reader)
    body = client.get(reverse("activities:standard_evidence", args=[panel_standard.pk, lewisham.code])).content.decode()
    assert "Mine" in body and "Theirs" not in body
