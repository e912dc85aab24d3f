"""The board's view pages: who may open them, what they show, the banner on fictional figures, downloads."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry
from demo import insight as demo
from insight.models import Measure, Period, Result, Source
from organisations.models import Role

pytestmark = pytest.mark.django_db
BANNER = "Fictional demonstration figures"


@pytest.fixture
def figures(lewisham: Any, lambeth: Any) -> Period:
    source = Source.objects.create(name="PAS borough results, published 2025")
    measure = Measure.objects.get(key="informed-local")
    q1 = Period.objects.create(label="2024-25 Q1", start="2024-04-01", end="2024-06-30")
    q2 = Period.objects.create(label="2024-25 Q2", start="2024-07-01", end="2024-09-30")
    for period, mine, theirs in ((q1, 0.40, 0.52), (q2, 0.62, 0.50)):
        Result.objects.create(
            measure=measure, period=period, borough=lewisham, proportion=mine, base=400, source=source
        )
        Result.objects.create(measure=measure, period=period, borough=lambeth, proportion=0.5, source=source)
        Result.objects.create(measure=measure, period=period, proportion=theirs, base=12800, source=source)
    return q2


@pytest.fixture
def reader(make_staff: Any) -> Any:
    return make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test")


def test_staff_without_a_reading_role_are_refused(client: Any, officer: Any, figures: Period) -> None:
    client.force_login(officer)
    for name, args in (("insight:index", []), ("insight:measure", ["informed-local"]), ("insight:engagement", [])):
        assert client.get(reverse(name, args=args)).status_code == 403
    assert client.get(reverse("insight:measure_csv", args=["informed-local"])).status_code == 403


def test_only_administrators_import(client: Any, reader: Any, administrator: Any) -> None:
    client.force_login(reader)
    assert client.get(reverse("insight:import")).status_code == 403
    assert client.get(reverse("insight:manage")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("insight:import")).status_code == 200


def test_the_measure_page_shows_the_trend_beside_london(client: Any, reader: Any, figures: Period) -> None:
    client.force_login(reader)
    response = client.get(reverse("insight:measure", args=["informed-local"]), {"borough": "E09000023"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Significantly different from London" in html  # the legend
    assert "Significantly lower than London" in html  # 40 % against 52 %, bases 400 and 12,800
    assert "Significantly higher than London" in html  # 62 % against 50 %
    assert "Not tested: a base is not given" in html  # Lambeth has no base
    assert BANNER not in html


def test_a_borough_reader_sees_their_borough_only(client: Any, make_staff: Any, lewisham: Any, figures: Period) -> None:
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    html = client.get(reverse("insight:measure", args=["informed-local"])).content.decode()
    assert "Lewisham" in html and "Lambeth" not in html
    rows = client.get(reverse("insight:measure_csv", args=["informed-local"])).content.decode().splitlines()
    assert len(rows) == 1 + 4  # Lewisham's and London's figures for two quarters
    assert not any("Lambeth" in r for r in rows)


def test_exports(client: Any, reader: Any, figures: Period) -> None:
    client.force_login(reader)
    csv_text = client.get(reverse("insight:measure_csv", args=["informed-local"])).content.decode()
    assert csv_text.startswith("measure,area,borough_code,period")
    assert "informed-local,London,,2024-25 Q2" in csv_text
    response = client.get(reverse("insight:engagement_xlsx"), {"period": figures.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert "activities_held" in header and "informed-local (proportion)" in header
    assert client.get(reverse("insight:engagement"), {"period": "999999"}).status_code == 404


def test_engagement_beside_confidence(client: Any, reader: Any, figures: Period) -> None:
    client.force_login(reader)
    html = client.get(reverse("insight:engagement"), {"period": figures.pk}).content.decode()
    assert "Engagement and confidence by borough, 2024-25 Q2" in html
    assert "62%" in html and "Above London" in html
    assert reverse("activities:index") in html  # a reader of everything may follow the count to the register


def test_import_page_reports_rows_and_refuses_a_bad_file(client: Any, administrator: Any, london: None) -> None:
    client.force_login(administrator)
    bad = b"measure,area,period,proportion\ninformed-local,Atlantis,2024-25 Q1,0.5\n"
    upload = SimpleUploadedFile("pas.csv", bad, content_type="text/csv")
    response = client.post(reverse("insight:import"), {"file": upload, "source": "PAS"})
    html = response.content.decode()
    assert response.status_code == 400 and "Line 2: area" in html and "Atlantis" in html
    upload = SimpleUploadedFile("pas.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(reverse("insight:import"), {"file": upload, "source": "PAS", "dry_run": "on"})
    assert response.status_code == 400 and "must be a CSV or XLSX file" in response.content.decode()


def test_administrators_add_a_period(client: Any, administrator: Any, london: None) -> None:
    client.force_login(administrator)
    data = {"label": "2025-26 Q1", "kind": "quarter", "start_day": "1", "start_month": "4", "start_year": "2025"}
    url = reverse("insight:period_create")
    response = client.post(url, {**data, "end_day": "1", "end_month": "3", "end_year": "2025"})
    assert response.status_code == 400 and "on or after the first day" in response.content.decode()
    response = client.post(url, {**data, "end_day": "30", "end_month": "6", "end_year": "2025"})
    assert response.status_code == 302 and Period.objects.filter(label="2025-26 Q1").exists()
    period = Period.objects.get(label="2025-26 Q1")
    data = {**data, "label": "2025/26 Q1", "end_day": "30", "end_month": "6", "end_year": "2025"}
    assert client.post(reverse("insight:period_edit", args=[period.pk]), data).status_code == 302
    entry = AuditEntry.objects.get(action="insight.period.change")
    assert entry.changes["label"] == ["2025-26 Q1", "2025/26 Q1"]


def test_the_demo_series_is_labelled_fictional_everywhere(client: Any, reader: Any, london: None) -> None:
    demo.load(io.StringIO())
    count = Result.objects.count()
    demo.load(io.StringIO())
    assert Result.objects.count() == count > 0
    assert not Result.objects.exclude(source__is_fictional=True).exists()
    client.force_login(reader)
    for url in (
        reverse("insight:index"),
        reverse("insight:measure", args=["informed-local"]),
        reverse("insight:engagement"),
    ):
        assert BANNER in client.get(url).content.decode()
    csv_text = client.get(reverse("insight:measure_csv", args=["informed-local"])).content.decode()
    assert csv_text.splitlines()[1].endswith(",yes")


def test_the_demo_never_overwrites_real_figures(lewisham: Any) -> None:
    quarter = demo._quarters(demo.timezone.localdate(), 1)[0]
    period = Period.objects.create(label=quarter[0], start=quarter[1], end=quarter[2])
    real = Source.objects.create(name="PAS")
    measure = Measure.objects.get(key="informed-local")
    Result.objects.create(measure=measure, period=period, borough=lewisham, proportion=0.3, base=100, source=real)
    demo.load(io.StringIO())
    assert Result.objects.get(measure=measure, period=period, borough=lewisham).source == real


def test_a_period_with_a_borough_figure_and_none_for_london_is_shown(
    client: Any, administrator: Any, london: None
) -> None:
    """A file may give a borough's figure without London's: the trend still shows it, with its source."""
    client.force_login(administrator)
    text = "measure,area,period,period_start,period_end,proportion,base\n"
    text += "informed-local,E09000023,2019-20 Q1,2019-04-01,2019-06-30,0.52,101\n"
    upload = SimpleUploadedFile("pas.csv", text.encode(), content_type="text/csv")
    assert client.post(reverse("insight:import"), {"file": upload, "source": "PAS 2019"}).status_code == 200
    response = client.get(reverse("insight:measure", args=["informed-local"]), {"borough": "E09000023"})
    html = response.content.decode()
    assert response.status_code == 200 and "2019-20 Q1" in html and "PAS 2019" in html
