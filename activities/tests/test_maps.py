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


def _visits(ward, n=5):  # type: ignore[no-untyped-def]
    for days in range(1, n + 1):
        record(wards=[ward], title=f"Visit {days}", starts_at=timezone.now() - timedelta(days=days))


def test_fatigue_map_names_each_borough_with_its_share_and_uses_no_inline_style(client, make_staff, ward):
    from organisations.models import Role

    _visits(ward)
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    page = client.get(reverse("activities:fatigue"), {"borough": ward.borough.code, "level": "high"}).content.decode()
    areas = _areas(page)
    assert len(areas) == 33
    lewisham = next(name for name in areas if name.startswith("Lewisham: "))
    assert re.fullmatch(r"Lewisham: \d+ of 19 wards at medium or high \(\d+%\)", lewisham)
    assert areas[lewisham] == f"?sort=score_4w&level=high&borough={ward.borough.code}"
    assert 'fill="url(#fatigue-map-band-' in page  # a pattern as well as a colour
    assert " style=" not in page  # the CSP allows no inline style


def test_fatigue_map_of_a_borough_champion_leaves_other_boroughs_unlinked(client, make_staff, lewisham, ward):
    from organisations.models import Role

    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    page = client.get(reverse("activities:fatigue")).content.decode()
    assert [name for name in _areas(page)] == ["Lewisham: 0 of 19 wards at medium or high (0%)"]
    assert 'aria-label="Lambeth: not in your area"' in page


def test_never_asked_table_beside_the_map_has_the_maps_figures_when_a_borough_is_chosen(client, make_staff, ward):
    from organisations.models import Role

    _visits(ward, 1)
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    page = client.get(reverse("activities:never_asked"), {"months": 3, "borough": ward.borough.code}).content.decode()
    areas = _areas(page)
    assert len(areas) == 33
    assert "Lewisham: 18 of 19 wards with nothing in 3 months (95%)" in areas
    assert "Lambeth: 25 of 25 wards with nothing in 3 months (100%)" in areas
    beside = page[page.index("Wards never asked, per borough") :]
    beside = beside[: beside.index("</table>")]
    assert ">Lambeth</a>" in beside and ">Lewisham</a>" in beside
    assert " style=" not in page


def test_register_map_links_carry_hostile_filters_only_as_encoded_text(client, administrator, ward):
    record(wards=[ward], title="Panel A")
    client.force_login(administrator)
    page = client.get(reverse("activities:index"), {"note": '"><svg onload=alert(1)>'}).content.decode()
    assert "<svg onload" not in page
    assert len(AREA.findall(page)) == 33
    for href in AREA.findall(page):
        assert href[0].startswith("/activities/boroughs/E09") and '"' not in href[0] and "<" not in href[0]
