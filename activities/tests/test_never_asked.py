"""Who is never asked: wards and communities nothing has engaged in 3, 6 or 12 months, largest first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import create_api_token
from activities import queries
from activities.models import Activity
from activities.tests.factories import CommunityFactory, record
from alerts.models import Message
from alerts.tests.factories import MessageFactory
from consultations.tests.factories import ConsultationFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


def _ago(days: int):  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(days=days)


def _never(months: int, lewisham):  # type: ignore[no-untyped-def]
    from places.models import Borough

    return {
        r["name"] for r in queries.never_asked(months=months, boroughs=Borough.objects.filter(pk=lewisham.pk)).wards
    }


def test_a_ward_asked_recently_is_not_listed_and_one_asked_long_ago_is(lewisham):
    recent, old, other = list(lewisham.wards.order_by("name")[:3])
    record(wards=[recent], starts_at=_ago(30))
    record(wards=[old], starts_at=_ago(200))
    assert recent.name not in _never(3, lewisham)
    assert {old.name, other.name} <= _never(3, lewisham)
    assert old.name in _never(6, lewisham)
    assert old.name not in _never(12, lewisham)
    assert other.name in _never(12, lewisham)


def test_staff_meetings_and_london_wide_activity_do_not_count_as_engaging_a_ward(lewisham, ward):
    record(wards=[ward], audience=Activity.Audience.INTERNAL, starts_at=_ago(5))
    record(london_wide=True, starts_at=_ago(5))
    assert ward.name in _never(3, lewisham)


def test_borough_wide_activity_engages_every_ward_of_the_borough(lewisham):
    record(boroughs=[lewisham], starts_at=_ago(10))
    assert _never(3, lewisham) == set()


def test_an_alert_or_a_consultation_counts_as_engagement(lewisham):
    first, second = list(lewisham.wards.order_by("name")[:2])
    message = MessageFactory(wards=[first])
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SENT, sent_at=_ago(3))
    ConsultationFactory(wards=[second], opens_at=_ago(4))
    never = _never(3, lewisham)
    assert first.name not in never and second.name not in never


def test_wards_are_ranked_by_residents(lewisham):
    found = queries.never_asked(months=3, boroughs=type(lewisham).objects.filter(pk=lewisham.pk)).wards
    populations = [r["population"] or 0 for r in found]
    assert populations == sorted(populations, reverse=True)
    assert len(found) == lewisham.wards.count()


def test_communities_are_ranked_by_census_population(london):
    disabled = CommunityFactory(
        name="Disabled people",
        slug="disabled-people",
        census_topic="Disability",
        census_category="Disabled under the Equality Act",
    )
    youth = CommunityFactory(name="Young people", slug="young-people")
    asked = CommunityFactory(name="Older people", slug="older-people")
    record(london_wide=True, communities=[asked], audience=Activity.Audience.COMMUNITY, starts_at=_ago(3))
    rows = queries.never_asked(months=3).communities
    assert [r["name"] for r in rows] == [disabled.name, youth.name]
    assert rows[0]["population"] > 1_000_000  # about 1.2 million disabled Londoners in 2021
    assert rows[1]["population"] is None


def test_counts_per_borough_for_3_6_and_12_months(lewisham, ward):
    record(wards=[ward], starts_at=_ago(120))
    row = next(r for r in queries.never_asked(months=6).boroughs if r["code"] == lewisham.code)
    n = lewisham.wards.count()
    assert (row["wards"], row["never_3"], row["never_6"], row["never_12"]) == (n, n, n - 1, n - 1)


def test_borough_champion_sees_the_page_for_their_borough_only(client, make_staff, lewisham, lambeth):
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    response = client.get(reverse("activities:never_asked"), {"months": "12"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Catford South" in body and "Brixton Windrush" not in body
    assert client.get(reverse("activities:never_asked"), {"borough": lambeth.code}).status_code == 400
    assert client.get(reverse("activities:never_asked"), {"months": "5"}).status_code == 400
    assert client.get(reverse("activities:never_asked"), {"months": "x"}).status_code == 400


def test_officer_cannot_see_who_is_never_asked(client, officer):
    client.force_login(officer)
    assert client.get(reverse("activities:never_asked")).status_code == 403


def test_borough_champions_workspace_shows_who_is_never_asked(client, make_staff, lewisham):
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    body = client.get("/staff/").content.decode()
    assert "Who is never asked" in body
    assert f"{lewisham.wards.count()} wards in your area have had no engagement in 6 months" in body


def test_api_gives_never_asked_with_counts_per_borough(make_staff, lewisham, ward):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _token, raw = create_api_token(user=reader, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    record(wards=[ward], starts_at=_ago(2))
    body = api.get("/api/v1/activities/never-asked", {"months": 3, "borough": lewisham.code}).json()
    assert ward.code not in {w["code"] for w in body["wards"]}
    assert body["boroughs"] == [
        {
            "code": lewisham.code,
            "name": "Lewisham",
            "wards": lewisham.wards.count(),
            "never_3": lewisham.wards.count() - 1,
            "never_6": lewisham.wards.count() - 1,
            "never_12": lewisham.wards.count() - 1,
        }
    ]
    assert api.get("/api/v1/activities/never-asked", {"months": 4}).status_code == 400
    assert api.get("/api/v1/activities/never-asked", {"borough": "E09999999"}).status_code == 400


def test_the_trend_shows_the_gap_closing_over_the_quarters(lewisham, ward):
    from places.models import Borough

    record(wards=[ward], starts_at=_ago(10))  # engaged only recently
    trend = queries.never_asked_trend(Borough.objects.filter(pk=lewisham.pk), months=3)
    n = lewisham.wards.count()
    assert trend[0]["counts"] == [n - 1, n, n, n, n]
    assert trend[0]["points"][0] == timezone.now().date()


def test_api_trend_per_borough(make_staff, lewisham, ward):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _token, raw = create_api_token(user=reader, name="test")
    record(wards=[ward], starts_at=_ago(100))
    body = (
        Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        .get("/api/v1/activities/never-asked", {"months": 6, "borough": lewisham.code})
        .json()
    )
    n = lewisham.wards.count()
    assert body["trend"][0]["counts"] == [n - 1, n - 1, n, n, n]


def test_partner_and_anonymous_callers_cannot_read_who_is_never_asked(client, make_staff, lewisham):
    partner = make_staff(Role.PARTNER, boroughs=(lewisham,))
    _token, raw = create_api_token(user=partner, name="test")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/activities/never-asked").status_code == 403
    assert client.get("/api/v1/activities/never-asked").status_code == 403
