"""The dashboards per audience: who may open them, similar boroughs, figures linking to what they count, the
legend and data table beside every chart, the board's PDF."""

from io import StringIO
from typing import Any

import pytest
from django.urls import reverse

from demo import insight as demo
from insight import dashboards
from organisations.models import Role
from places.models import Borough

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(london: None) -> None:
    demo.load(StringIO())


@pytest.fixture
def reader(make_staff: Any) -> Any:
    return make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test")


def test_similar_boroughs_are_the_nearest_by_census_measures(lewisham: Borough) -> None:
    similar = dashboards.similar_boroughs(lewisham)
    assert len(similar) == 3 and lewisham not in similar
    assert all(b.code != dashboards.CITY_OF_LONDON for b in similar)
    profile = dashboards.census_profile()
    assert len(profile) >= 33 and len(profile[lewisham.pk]) == 4


def test_the_board_dashboard_links_every_figure_and_has_legends_and_tables(
    client: Any, reader: Any, figures: None
) -> None:
    client.force_login(reader)
    html = client.get(reverse("insight:dashboard_board")).content.decode()
    assert "Fictional demonstration figures" in html
    assert "<svg" in html and "eh-legend" in html and "London (solid line, circles)" in html
    assert 'href="/insight/measures/informed-local/?borough=E09000023&amp;kind=quarter"' in html
    assert html.count("<table") >= 5  # a table per measure's trend, and the latest quarter


def test_the_board_pdf_opens(client: Any, reader: Any, figures: None) -> None:
    client.force_login(reader)
    response = client.get(reverse("insight:dashboard_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"%%EOF" in response.content[-32:]


def test_a_borough_commander_sees_their_borough_against_london_and_similar_boroughs(
    client: Any, make_staff: Any, lewisham: Borough, lambeth: Borough, figures: None
) -> None:
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    html = client.get(reverse("insight:dashboard_borough")).content.decode()
    similar = dashboards.similar_boroughs(lewisham)
    assert "Lewisham" in html and all(b.name in html for b in similar)
    assert "activities held" in html
    # Their own borough's figures link to the measure; another borough's published figure is shown, not linked.
    assert "?borough=E09000023&amp;kind=quarter" in html
    assert f"?borough={similar[0].code}&amp;kind=quarter" not in html
    assert client.get(reverse("insight:dashboard_borough"), {"borough": lambeth.code}).status_code == 404


def test_scrutiny_lists_every_download_and_refuses_nobody_who_reads(client: Any, reader: Any, figures: None) -> None:
    client.force_login(reader)
    html = client.get(reverse("insight:dashboard_scrutiny")).content.decode()
    assert reverse("insight:measure_csv", args=["informed-local"]) in html
    assert reverse("insight:dashboard_pdf") in html and reverse("insight:engagement_xlsx") in html


def test_dashboards_refuse_partners_and_officers_and_send_anonymous_to_sign_in(
    client: Any, officer: Any, make_staff: Any
) -> None:
    names = (
        "insight:dashboard_board",
        "insight:dashboard_borough",
        "insight:dashboard_scrutiny",
        "insight:dashboard_pdf",
    )
    for name in names:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for who in (officer, make_staff(Role.PARTNER)):
        client.force_login(who)
        for name in names:
            assert client.get(reverse(name)).status_code == 403


def test_empty_dashboards_say_so(client: Any, reader: Any, london: None) -> None:
    client.force_login(reader)
    for name in ("insight:dashboard_board", "insight:dashboard_borough", "insight:dashboard_scrutiny"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "No quarterly survey results" in response.content.decode()
