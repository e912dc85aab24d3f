"""The register counts its matches up to a cap and says so, so that a list of a million stays quick (issue 14)."""

import pytest

from activities import paging
from activities.models import Activity
from activities.tests.factories import record

pytestmark = pytest.mark.django_db


def test_the_register_says_more_than_the_cap_and_leaves_out_the_borough_map_past_it(
    client, officer, ward, ward_team, monkeypatch
):
    for _ in range(3):
        record(organising_unit=ward_team, wards=[ward])
    client.force_login(officer)

    page = client.get("/activities/").content.decode()
    assert "3 activities" in page and "More than" not in page
    assert "activities per borough" in page

    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    response = client.get("/activities/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "More than 2 activities" in page
    assert "narrow the filters" in page
    assert "activities per borough</h2>" not in page
    assert page.count('href="/activities/') >= 2  # the newest listed all the same


def test_the_capped_count_is_exact_up_to_the_cap(ward, ward_team):
    for _ in range(4):
        record(organising_unit=ward_team, wards=[ward])
    qs = Activity.objects.all()
    assert paging.CappedPaginator(qs, 2, counted=qs, cap=4).count == 4
    assert not paging.CappedPaginator(qs, 2, counted=qs, cap=4).capped
    capped = paging.CappedPaginator(qs, 2, counted=qs, cap=3)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
