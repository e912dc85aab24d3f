"""Fatigue counts what asked something of a place's public (or a community), weighted by locality and method,
with levels calibrated on London; clashes are ranked by relevance."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.services import create_api_token
from activities import queries
from activities.models import Activity, FatigueSettings
from activities.tests.factories import CommunityFactory, record
from organisations.models import Role
from places.models import Ward

pytestmark = pytest.mark.django_db
A = Activity.Audience


def _ago(days: float):  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(days=days)


def test_london_wide_staff_and_partner_meetings_are_not_asks_of_a_ward(ward):
    record(london_wide=True, audience=A.INTERNAL, starts_at=_ago(1))
    record(london_wide=True, audience=A.PARTNERS, starts_at=_ago(2))
    record(wards=[ward], audience=A.INTERNAL, starts_at=_ago(3))
    f = queries.fatigue_for_ward(ward)
    assert (f.count_4w, f.score_4w) == (0, 0)


def test_a_borough_wide_ask_is_shared_across_the_boroughs_wards(ward, lewisham):
    record(boroughs=[lewisham], starts_at=_ago(1))  # a public meeting: weight 1
    f = queries.fatigue_for_ward(ward)
    assert f.score_4w == round(1 / lewisham.wards.count(), 2)


def test_a_london_wide_public_ask_is_tiny_in_each_ward(ward):
    record(london_wide=True, starts_at=_ago(1))
    f = queries.fatigue_for_ward(ward)
    assert f.count_4w == 1
    assert f.score_4w == round(1 / Ward.objects.count(), 2)


def test_an_activity_for_a_community_counts_for_the_community_not_the_ward(ward):
    youth = CommunityFactory(name="Young people", slug="young-people")
    record(wards=[ward], communities=[youth], audience=A.COMMUNITY, starts_at=_ago(1))
    record(london_wide=True, communities=[youth], audience=A.COMMUNITY, starts_at=_ago(2))
    assert queries.fatigue_for_ward(ward).score_4w == 0
    f = queries.fatigue_for_community(youth)
    # London-wide: a whole ask of the community; one ward: the share of London it reaches
    assert f.score_4w == round(1 + 1 / Ward.objects.count(), 2)


def test_method_weight_and_locality_multiply(ward, lewisham):
    record(wards=[ward], method="focus_group", starts_at=_ago(1))  # 1.5
    record(wards=[ward], method="leaflet_drop", starts_at=_ago(2))  # 0.25
    record(boroughs=[lewisham], method="focus_group", starts_at=_ago(3))  # 1.5 / 19
    f = queries.fatigue_for_ward(ward)
    assert f.score_4w == round(1.75 + 1.5 / lewisham.wards.count(), 2)


def test_thresholds_never_go_below_the_administrators_minimums_on_a_quiet_register(ward):
    FatigueSettings.objects.create(medium_4w=2, high_4w=4)
    record(wards=[ward], starts_at=_ago(1))
    f = queries.fatigue_for_ward(ward)
    assert (f.thresholds.medium_4w, f.thresholds.high_4w) == (2, 4)
    assert f.level_4w == "low"
    assert f.thresholds.samples == Ward.objects.count() * 13


def test_thresholds_rise_to_londons_percentiles_on_a_busy_register(lewisham):
    FatigueSettings.objects.create(medium_4w=0.5, high_4w=1, medium_percentile=95, high_percentile=99)
    wards = list(Ward.objects.order_by("pk"))
    # Every ward of London gets one ask in the last four weeks, a fifth of them five more; the twelve
    # four-week windows before are quiet. Of the 13 × 704 figures, 92% are 0, 6% are 1 and 1.5% are 6.
    record(london_wide=False, boroughs=[], wards=wards, starts_at=_ago(3))
    for w in wards[::5]:
        for day in range(5):
            record(wards=[w], starts_at=_ago(5 + day))
    cfg = queries.fatigue_config()
    assert cfg.ward.medium_4w == 1  # the 95th percentile: one ask (above the 0.5 minimum)
    assert cfg.ward.high_4w == 6  # the 99th percentile: the busy fifth
    busy = queries.fatigue_for_ward(wards[0], cfg=cfg)
    quiet = queries.fatigue_for_ward(wards[1], cfg=cfg)
    assert (busy.level_4w, quiet.level_4w) == ("high", "medium")


def test_fatigue_api_gives_the_thresholds_beside_the_figure(make_staff, ward):
    user = make_staff(Role.CENTRAL_CHAMPION)
    _token, raw = create_api_token(user=user, name="test")
    record(wards=[ward], starts_at=_ago(1))
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/v1/activities/fatigue?ward={ward.code}")
    assert response.status_code == 200, response.content
    body = response.json()["results"][0]
    assert body["code"] == ward.code
    assert (body["score_4w"], body["medium_4w"], body["high_4w"]) == (1, 2, 4)


# ---------------------------------------------------------------- clashes by relevance


def _proposal(ward, starts, **kw):  # type: ignore[no-untyped-def]
    return queries.Proposal(starts_at=starts, ends_at=starts + timedelta(hours=2), ward_ids=[ward.pk], **kw)


def test_same_ward_same_evening_ranks_above_nearer_borough_and_staff_activity(ward, lewisham):
    starts = timezone.now() + timedelta(days=10)
    panel = record(wards=[ward], title="Ward panel", method="panel_meeting", starts_at=starts + timedelta(hours=1))
    record(london_wide=True, audience=A.INTERNAL, title="Staff call", starts_at=starts)
    record(boroughs=[lewisham], title="Borough leaflets", method="leaflet_drop", starts_at=starts)
    record(
        wards=[ward], title="Street briefing next week", method="street_briefing", starts_at=starts + timedelta(days=6)
    )
    clashes = queries.find_clashes(_proposal(ward, starts))
    titles = [c.activity.title for c in clashes]
    assert titles[0] == "Ward panel"
    assert titles.index("Staff call") > titles.index("Borough leaflets")
    assert clashes[0].relevance > max(c.relevance for c in clashes[1:])
    assert panel == clashes[0].activity


def test_london_wide_standing_series_are_listed_apart(ward):
    starts = timezone.now() + timedelta(days=10)
    record(
        london_wide=True,
        audience=A.INTERNAL,
        title="Weekly staff call",
        starts_at=starts - timedelta(days=1),
        recurrence="weekly",
        repeat_until=(starts + timedelta(days=60)).date(),
    )
    clashes, standing = queries.check_clashes(_proposal(ward, starts))
    assert clashes == []
    assert [c.activity.title for c in standing] == ["Weekly staff call"]
    assert standing[0].standing


def test_a_london_wide_proposal_still_sees_standing_series_as_clashes(ward):
    starts = timezone.now() + timedelta(days=10)
    record(
        london_wide=True,
        title="Weekly forum",
        starts_at=starts,
        recurrence="weekly",
        repeat_until=(starts + timedelta(days=60)).date(),
    )
    p = queries.Proposal(starts_at=starts, ends_at=starts + timedelta(hours=1), london_wide=True)
    assert [c.activity.title for c in queries.find_clashes(p)] == ["Weekly forum"]


# ---------------------------------------------------------------- unresolved clashes for coordinators


def test_coordinator_sees_an_unresolved_clash_until_a_planner_answers_it(client, make_staff, lewisham, ward):
    from django.urls import reverse

    from activities import services

    starts = timezone.now() + timedelta(days=5)
    panel = record(wards=[ward], title="Catford South ward panel", method="panel_meeting", starts_at=starts)
    traffic = record(wards=[ward], title="Road safety evening", starts_at=starts + timedelta(minutes=30))
    other = lewisham.wards.exclude(pk=ward.pk).first()
    record(wards=[other], title="Elsewhere the same evening", starts_at=starts)
    record(wards=[ward], title="A week later", starts_at=starts + timedelta(days=7))
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    body = client.get(reverse("activities:unresolved_clashes")).content.decode()
    assert "Road safety evening" in body and "Catford South ward panel" in body
    assert "Elsewhere the same evening" not in body and "A week later" not in body
    pairs = queries.unresolved_clashes(type(lewisham).objects.filter(pk=lewisham.pk))
    assert [{p.first, p.second} for p in pairs] == [{panel, traffic}]
    services.link_clash(activity=traffic, other=panel, by=champion, kind="both_needed", note="Different audiences")
    assert queries.unresolved_clashes(type(lewisham).objects.filter(pk=lewisham.pk)) == []


def test_officer_cannot_see_unresolved_clashes(client, officer):
    from django.urls import reverse

    client.force_login(officer)
    assert client.get(reverse("activities:unresolved_clashes")).status_code == 403


def test_an_unknown_audience_is_refused_and_nothing_saved(ward):
    from core.errors import ServiceError

    with pytest.raises(ServiceError, match="Choose whom it engages"):
        record(wards=[ward], audience="everyone")
    assert not Activity.objects.exists()


def test_api_refuses_an_unknown_audience(officer, ward, ward_team):
    _token, raw = create_api_token(user=officer, name="test")
    starts = timezone.now() + timedelta(days=5)
    payload = {
        "title": "API briefing",
        "purpose": "Testing",
        "method": "street_briefing",
        "organising_unit": ward_team.slug,
        "wards": [ward.code],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "audience": "everyone",
    }
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.post("/api/v1/activities/", payload, content_type="application/json")
    assert response.status_code in (400, 422)
    assert not Activity.objects.exists()
    payload["audience"] = "internal"
    response = api.post("/api/v1/activities/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["audience"] == "internal"


def test_every_wards_figure_on_the_borough_table_is_the_wards_own(ward, other_ward, lewisham):
    """The borough table sums what a borough's wards share once (`_Shared`): each ward's figures must be the ones
    its own reading gives, with an activity in both a ward and its borough counted once, at its most local."""
    neighbour = lewisham.wards.exclude(pk=ward.pk).first()
    record(wards=[ward], method="focus_group", starts_at=_ago(1))
    record(wards=[ward, neighbour], method="leaflet_drop", starts_at=_ago(10))
    record(wards=[ward], boroughs=[lewisham], method="public_meeting", starts_at=_ago(20))  # ward and borough
    record(boroughs=[lewisham], method="street_briefing", starts_at=_ago(40))  # only in the 12 weeks
    record(london_wide=True, starts_at=_ago(3))
    record(wards=[other_ward], starts_at=_ago(2))
    record(
        wards=[neighbour], starts_at=_ago(27), recurrence="weekly", repeat_until=timezone.localdate()
    )  # fmt: skip
    table = queries.fatigue_for_boroughs([lewisham, other_ward.borough])
    for borough_rows in table.values():
        for row in borough_rows:
            own = queries.fatigue_for_ward(Ward.objects.get(code=row.code))
            assert (row.count_4w, row.score_4w, row.count_12w, row.score_12w) == (
                own.count_4w, own.score_4w, own.count_12w, own.score_12w
            ), row.label  # fmt: skip
    busiest = next(r for r in table[lewisham.pk] if r.code == ward.code)
    assert busiest.count_12w == 5 and busiest.score_4w > 1.5
    # the map's counts, read from the last 4 weeks alone, are the table's
    raised = queries.raised_by_borough([lewisham, other_ward.borough])
    for borough_id, borough_rows in table.items():
        assert raised[borough_id] == (sum(1 for r in borough_rows if r.level_4w != "low"), len(borough_rows))


def test_each_communitys_figure_on_the_table_is_its_own(ward, lewisham):
    """The communities' table sums their rows in the database: each figure must be the community's own reading."""
    young, faith = CommunityFactory(), CommunityFactory()
    record(wards=[ward], communities=[young], method="focus_group", starts_at=_ago(1))
    record(boroughs=[lewisham], communities=[young, faith], method="survey", starts_at=_ago(12))
    record(london_wide=True, communities=[faith], starts_at=_ago(50))
    record(communities=[young], starts_at=_ago(20), recurrence="weekly", repeat_until=timezone.localdate())
    record(wards=[ward], communities=[faith], audience=A.INTERNAL, starts_at=_ago(2))  # not an ask
    table = queries.fatigue_for_communities([young, faith, CommunityFactory()])
    for community, row in zip([young, faith], table, strict=False):
        own = queries.fatigue_for_community(community)
        assert row.as_dict() == own.as_dict()
    assert table[0].count_12w == 5 and table[2].count_12w == 0
