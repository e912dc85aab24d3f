"""The register, fatigue and who is never asked on a map of the boroughs, with the figures in a table beside it."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.tests.factories import record

pytestmark = pytest.mark.django_db

AREA = re.compile(r'<a class="eh-map__area" href="([^"]*)" aria-label="([^"]*)">')


def _areas(page: str) -> dict[str, str]:
    """Accessible name -> link of every borough on the page's map."""
    return {html.unescape(name): html.unescape(href) for href, name in AREA.findall(page)}


def test_register_maps_activities_per_borough_for_its_filters(client, administrator, ward, other_ward):
    record(wards=[ward], title="Panel A", method="panel_meeting")
    record(wards=[ward], title="Panel B", method="panel_meeting")
    record(wards=[other_ward], title="Leaflets C", method="leaflet_drop")
    client.force_login(administrator)
    page = client.get(reverse("activities:index"), {"method": "panel_meeting"}).content.decode()
    areas = _areas(page)
    assert len(areas) == 33
    assert areas["Lewisham: 2 activities (2 planned, 0 held)"] == (
        f"/activities/boroughs/{ward.borough.code}/?method=panel_meeting"
    )
    assert "Lambeth: no activities" in areas  # the leaflets are filtered out
    assert "Who we are engaging with: activities per borough" in page
    rows = re.findall(r'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">(.*?)</tr>', page)
    assert len(rows) == 33  # the table beside the map has every borough, with the same figures
    lewisham = next(r for r in rows if ">Lewisham<" in r)
    assert re.findall(r">(\d+)</td>", lewisham) == ["2", "0", "2"]


def test_register_map_does_not_count_a_cancelled_activity_as_held(client, administrator, ward):
    held = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    services.change_status(activity=held, by=None, status="held", check_scope=False)
    cancelled = record(wards=[ward])
    services.change_status(
        activity=cancelled, by=None, status="cancelled", check_scope=False, cancelled_reason="Venue closed"
    )
    client.force_login(administrator)
    page = client.get(reverse("activities:index")).content.decode()
    assert "Lewisham: 1 activity (0 planned, 1 held)" in _areas(page)


def test_register_without_counts_has_no_map(client, administrator, ward):
    record(wards=[ward])
    client.force_login(administrator)
    page = client.get(reverse("activities:index"), {"counts": "0"}).content.decode()
    assert _areas(page) == {}
