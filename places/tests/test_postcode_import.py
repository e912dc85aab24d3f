"""The postcode directory import: ONSPD and NSPL layouts, London only or all, retired postcodes, idempotent."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from places import postcode_bench
from places.models import Postcode, Ward
from places.postcode_import import find_columns, load_postcodes
from places.services import find_postcode

pytestmark = pytest.mark.django_db

NSPL_COLUMNS = (
    "pcd pcd2 pcds dointr doterm usertype oseast1m osnrth1m osgrdind oa21 cty ced laua ward lsoa21 lat long".split()
)


def _csv(columns: list[str] | tuple[str, ...], rows: list[dict[str, str]]) -> io.StringIO:
    fh = io.StringIO()
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    fh.seek(0)
    return fh


def test_the_onspd_layout_loads_with_ward_borough_retirement_and_position(london):
    brixton = Ward.objects.get(name="Brixton Windrush")
    rows = [
        {
            "pcd": "SW2 9ZA",
            "pcds": "SW2 9ZA",
            "osward": brixton.code,
            "oslaua": "E09000022",
            "lat": "51.45",
            "long": "-0.11",
        },
        {"pcd": "SW2 9ZB", "pcds": "SW2 9ZB", "doterm": "201906", "osward": brixton.code, "oslaua": "E09000022"},
        {"pcd": "M1  1AE", "pcds": "M1 1AE", "osward": "E05000800", "oslaua": "E08000003"},
        {"pcd": "SW2 9ZD", "pcds": "SW2 9ZD", "osward": "E05099999", "oslaua": "E09000022", "lat": "99.999999"},
    ]
    counts = load_postcodes(_csv(postcode_bench.ONSPD_COLUMNS, rows))
    assert counts["read"] == 4
    assert (counts["loaded"], counts["terminated"], counts["skipped_outside_london"]) == (3, 1, 1)
    assert counts["without_ward"] == 1
    current = Postcode.objects.get(postcode="SW29ZA")
    assert (current.ward, current.borough.name, current.terminated) == (brixton, "Lambeth", False)
    assert (current.latitude, current.longitude) == (51.45, -0.11)
    retired = Postcode.objects.get(postcode="SW29ZB")
    assert retired.terminated and retired.terminated_on == datetime.date(2019, 6, 1)
    no_ward = Postcode.objects.get(postcode="SW29ZD")
    assert (no_ward.ward, no_ward.borough.name, no_ward.latitude) == (None, "Lambeth", None)
    assert not Postcode.objects.filter(postcode="M11AE").exists()
    assert find_postcode("sw29za").ward == brixton
    assert "retired in June 2019" in _message("SW2 9ZB")


def _message(text: str) -> str:
    try:
        find_postcode(text)
    except Exception as exc:  # noqa: BLE001 - the message is what is tested
        return str(getattr(exc, "message", exc))
    return ""


def test_the_nspl_layout_loads_the_same_way(london):
    abbey = Ward.objects.get(code="E05014053")
    fh = _csv(NSPL_COLUMNS, [{"pcd": "IG117ZA", "pcds": "IG11 7ZA", "laua": abbey.borough.code, "ward": abbey.code}])
    assert load_postcodes(fh)["loaded"] == 1
    assert Postcode.objects.get(postcode="IG117ZA").ward == abbey


def test_a_later_edition_with_yearly_column_names_is_understood():
    assert find_columns(["PCDS", "WD24CD", "LAD24CD", "doterm"]) == {
        "postcode": 0,
        "ward": 1,
        "borough": 2,
        "terminated": 3,
    }


def test_all_rows_can_be_kept_outside_london(london):
    fh = _csv(postcode_bench.ONSPD_COLUMNS, [{"pcds": "M1 1AE", "osward": "E05000800", "oslaua": "E08000003"}])
    assert load_postcodes(fh, london_only=False)["loaded"] == 1
    kept = Postcode.objects.get(postcode="M11AE")
    assert (kept.ward, kept.borough) == (None, None)
    assert "is not in London" in _message("M1 1AE")


def test_a_generated_directory_file_loads_every_london_row_and_again_changes_nothing(london):
    fh = io.StringIO()
    postcode_bench.write(fh, 3000)
    fh.seek(0)
    first = load_postcodes(fh, batch_size=128)
    london_rows = first["loaded"]
    assert first["read"] == 3000 and 250 < london_rows < 500
    assert first["skipped_outside_london"] == 3000 - london_rows and first["skipped_invalid"] == 0
    fields = ("postcode", "ward_id", "terminated", "terminated_on", "latitude")
    before = sorted(Postcode.objects.values_list(*fields))
    fh.seek(0)
    assert load_postcodes(fh, batch_size=1000)["loaded"] == london_rows
    assert (
        sorted(Postcode.objects.values_list("postcode", "ward_id", "terminated", "terminated_on", "latitude")) == before
    )
    live = Postcode.objects.filter(terminated=False, ward__isnull=False).exclude(lsoa_code="")
    assert all(find_postcode(p).ward is not None for p in live.values_list("display", flat=True)[:50])


def test_progress_is_reported_while_loading(london):
    fh = io.StringIO()
    postcode_bench.write(fh, 1000)
    fh.seek(0)
    seen: list[int] = []
    load_postcodes(fh, batch_size=50, every=200, on_progress=lambda p: seen.append(p.read))
    assert len(seen) >= 3 and seen[-1] == 1000


def test_the_command_keeps_other_rows_with_all_and_refuses_a_bad_batch_size(london, tmp_path: Path, capsys):
    path = tmp_path / "directory.csv"
    postcode_bench.write_file(path, 500)
    call_command("load_postcodes", str(path), "--all", "--quiet")
    assert "Loaded 500 postcodes" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("load_postcodes", str(path), "--batch-size", "0")


def test_make_postcode_file_writes_the_directory_layout(tmp_path: Path):
    path = tmp_path / "onspd.csv"
    call_command("make_postcode_file", str(path), "--rows", "10", stdout=io.StringIO())
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:9] == ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward"]
    assert len(rows) == 11 and all(len(r) == len(rows[0]) for r in rows)
    assert len({r[2] for r in rows[1:]}) == 10
