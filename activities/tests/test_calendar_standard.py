"""Calendar feeds to RFC 5545, each property read back by two independent parsers (icalendar and vobject)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from activities import services
from activities.models import Activity
from activities.tests.factories import record

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Fortnightly at 19:00 from 3 March 2027 to 1 May 2027: the clocks go forward on 28 March; 14 April is called off.
FIRST = datetime(2027, 3, 3, 19, 0, tzinfo=LONDON)
CALLED_OFF = "2027-04-14"


@pytest.fixture
def series(ward):  # type: ignore[no-untyped-def]
    return record(
        wards=[ward],
        title="Fortnightly ward panel",
        starts_at=FIRST,
        ends_at=FIRST.replace(hour=20, minute=30),
        recurrence="fortnightly",
        repeat_until=datetime(2027, 5, 1).date(),
        exception_dates=[CALLED_OFF],
    )


def _feed(client, ward, host: str = "testserver") -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("ward_calendar", args=[ward.code]), HTTP_HOST=host)
    assert response.status_code == 200
    return response.content


def _vobject_events(content: bytes) -> dict[str, object]:
    return {str(e.uid.value): e for e in vobject.readOne(content.decode()).vevent_list}


def test_a_series_keeps_its_local_time_across_the_clock_change_and_skips_its_called_off_date(client, ward, series):
    content = _feed(client, ward)
    cal = Calendar.from_ical(content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    event = next(iter(cal.walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/London"

    (vevent,) = _vobject_events(content).values()
    occurrences = list(vevent.getrruleset(addRDate=True))  # type: ignore[attr-defined]
    local = [o.astimezone(LONDON) for o in occurrences]
    assert [o.date().isoformat() for o in local] == ["2027-03-03", "2027-03-17", "2027-03-31", "2027-04-28"]
    assert {(o.hour, o.minute) for o in local} == {(19, 0)}, "every occurrence at 19:00 London time, GMT or BST"
    utc_hours = [o.astimezone(ZoneInfo("UTC")).hour for o in occurrences]
    assert utc_hours == [19, 19, 18, 18]


def test_uids_do_not_depend_on_the_host_the_feed_was_fetched_from(client, ward, series, settings):
    settings.ALLOWED_HOSTS = ["testserver", "engage.example.org", "10.0.0.7"]
    first, second = _feed(client, ward, "engage.example.org"), _feed(client, ward, "10.0.0.7")
    uids = [{str(e["UID"]) for e in Calendar.from_ical(c).walk("VEVENT")} for c in (first, second)]
    assert uids[0] == uids[1] == {f"activity-{series.pk}@{settings.FEED_ID_AUTHORITY}"}
    assert set(_vobject_events(first)) == set(_vobject_events(second)) == uids[0]


def test_a_cancelled_activity_stays_in_the_feed_as_cancelled_with_a_higher_sequence(client, ward, series):
    before = next(iter(Calendar.from_ical(_feed(client, ward)).walk("VEVENT")))
    assert before["STATUS"] == "TENTATIVE"
    services.change_status(
        activity=series, by=None, status=Activity.Status.CANCELLED, cancelled_reason="Venue closed", check_scope=False
    )
    content = _feed(client, ward)
    after = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    (vevent,) = _vobject_events(content).values()
    assert vevent.status.value == "CANCELLED"  # type: ignore[attr-defined]
    assert int(vevent.sequence.value) == int(after["SEQUENCE"])  # type: ignore[attr-defined]


def test_moving_a_meeting_raises_its_sequence_but_editing_its_purpose_does_not(client, ward, series):
    services.update_activity(activity=series, by=None, data={"purpose": "Reworded."}, check_scope=False)
    series.refresh_from_db()
    assert series.sequence == 0
    services.update_activity(activity=series, by=None, data={"starts_at": FIRST.replace(hour=18)}, check_scope=False)
    series.refresh_from_db()
    assert series.sequence == 1
    event = next(iter(Calendar.from_ical(_feed(client, ward)).walk("VEVENT")))
    assert int(event["SEQUENCE"]) == 1


def test_a_cancelled_activity_in_another_borough_is_not_in_this_wards_feed(client, ward, other_ward):
    elsewhere = record(wards=[other_ward], title="Brixton surgery")
    services.change_status(
        activity=elsewhere, by=None, status=Activity.Status.CANCELLED, cancelled_reason="Moved", check_scope=False
    )
    assert b"Brixton surgery" not in _feed(client, ward)


def test_the_link_of_a_cancelled_activity_says_it_is_cancelled(client, ward, series):
    services.change_status(
        activity=series, by=None, status=Activity.Status.CANCELLED, cancelled_reason="Venue closed", check_scope=False
    )
    event = next(iter(Calendar.from_ical(_feed(client, ward)).walk("VEVENT")))
    page = client.get(str(event["URL"]).replace("http://testserver", ""))
    assert page.status_code == 200
    assert "This activity has been cancelled." in page.content.decode()
