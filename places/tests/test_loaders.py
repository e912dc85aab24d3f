"""Loading London's places and postcodes from the shipped open data, and from a full-London-shaped extract."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from places.models import Borough, CensusFigure, CommandUnit, Postcode, Ward

pytestmark = pytest.mark.django_db

LEWISHAM_COLUMNS = [
    "Postcode7",
    "Postcode8",
    "PostcodeNatural",
    "IntroductionDate",
    "TerminationDate",
    "Usertype",
    "OA11CD",
    "LSOA11CD",
    "MSOA11CD",
    "LAD19CD",
    "WD22CD_proposed",
]


def _snapshot() -> dict[str, object]:
    return {
        "units": sorted(CommandUnit.objects.values_list("number", "name")),
        "boroughs": sorted(Borough.objects.values_list("code", "name", "command_unit__number", "population")),
        "wards": sorted(Ward.objects.values_list("code", "name", "borough__code", "population")),
        "census": sorted(
            CensusFigure.objects.values_list("borough__code", "ward__code", "topic", "category", "unit", "value"),
            key=repr,
        ),
    }


def test_london_has_33_boroughs_with_ons_codes(london):
    codes = set(Borough.objects.values_list("code", flat=True))
    assert len(codes) == 33
    assert all(code.startswith("E09") and len(code) == 9 for code in codes)
    assert Borough.objects.get(code="E09000001").name == "City of London"


def test_london_has_704_wards_each_in_a_borough(london):
    assert Ward.objects.count() == 704
    assert not Ward.objects.exclude(code__startswith="E05").exists()
    assert Ward.objects.filter(is_city_of_london_ward=True).count() == 25
    assert Ward.objects.filter(borough__code="E09000023").count() == 19


def test_boroughs_are_grouped_into_12_command_units(london):
    assert CommandUnit.objects.count() == 12
    assert Borough.objects.filter(command_unit__isnull=True).get().name == "City of London"
    lewisham = Borough.objects.get(code="E09000023")
    assert lewisham.police_force == "Metropolitan Police Service"
    assert set(lewisham.command_unit.boroughs.values_list("name", flat=True)) == {"Bexley", "Greenwich", "Lewisham"}


def test_census_figures_give_populations_and_profiles(london):
    lewisham = Borough.objects.get(code="E09000023")
    assert lewisham.population and 250_000 < lewisham.population < 350_000
    ethnic = dict(lewisham.census.filter(topic="Ethnic group").values_list("category", "value"))
    assert ethnic["White"] == 51.5
    assert set(lewisham.census.filter(topic="Age").values_list("category", flat=True)) >= {"0 to 14", "75 and over"}
    catford = Ward.objects.get(name="Catford South")
    assert catford.population and catford.census.filter(topic="Sex").count() == 2


def test_loading_london_twice_changes_nothing(london):
    before = _snapshot()
    figure_ids = set(CensusFigure.objects.values_list("pk", flat=True))
    call_command("load_london", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before
    assert set(CensusFigure.objects.values_list("pk", flat=True)) == figure_ids


def test_loading_london_again_repairs_changed_data(london):
    ward = Ward.objects.get(name="Catford South")
    population = ward.population
    Ward.objects.filter(pk=ward.pk).update(name="Renamed", population=1)
    CensusFigure.objects.filter(borough__code="E09000023", topic="Ethnic group").delete()
    call_command("load_london", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ward.refresh_from_db()
    assert (ward.name, ward.population) == ("Catford South", population)
    assert CensusFigure.objects.filter(borough__code="E09000023", topic="Ethnic group").count() == 5


def test_lewisham_postcodes_are_loaded_with_their_wards(london):
    postcode = Postcode.objects.select_related("ward__borough").get(postcode="SE64RU")
    assert postcode.display == "SE6 4RU"
    assert postcode.ward.borough.code == "E09000023"
    assert Postcode.objects.filter(terminated=True).exists()


def test_loading_postcodes_twice_changes_nothing(london):
    before = sorted(Postcode.objects.values_list("postcode", "ward_id", "terminated"))
    call_command("load_postcodes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(Postcode.objects.values_list("postcode", "ward_id", "terminated")) == before


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def test_a_full_london_extract_loads_the_same_way(london, tmp_path, capsys):
    brixton = Ward.objects.get(name="Brixton Windrush")
    abbey = Ward.objects.get(code="E05014053")
    path = _write(
        tmp_path / "london.csv",
        LEWISHAM_COLUMNS,
        [
            {"Postcode7": "SW2 1ZZ", "LSOA11CD": "E01003000", "WD22CD_proposed": brixton.code},
            {"Postcode7": "IG11 7ZZ", "WD22CD_proposed": abbey.code},
            {"Postcode7": "SW2 1ZY", "TerminationDate": "202001", "WD22CD_proposed": brixton.code},
            {"Postcode7": "M1 1AE", "WD22CD_proposed": "E05000800"},  # Manchester: not London
            {"Postcode7": "NOT A PC", "WD22CD_proposed": brixton.code},
        ],
    )
    call_command("load_postcodes", str(path))
    out = capsys.readouterr().out
    assert "Loaded 3 postcodes (1 no longer in use); skipped 1 outside London" in out
    assert Postcode.objects.get(postcode="SW21ZZ").ward == brixton
    assert Postcode.objects.get(postcode="SW21ZZ").borough.name == "Lambeth"
    assert Postcode.objects.get(postcode="IG117ZZ").display == "IG11 7ZZ"
    assert Postcode.objects.get(postcode="SW21ZY").terminated
    assert not Postcode.objects.filter(postcode="M11AE").exists()
    count = Postcode.objects.count()
    call_command("load_postcodes", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Postcode.objects.count() == count


def test_postcode_file_with_missing_columns_is_refused_clearly(london, tmp_path):
    path = _write(tmp_path / "bad.csv", ["pc", "ward"], [{"pc": "SW2 1ZZ", "ward": "E05014053"}])
    count = Postcode.objects.count()
    with pytest.raises(
        CommandError, match=r"no postcode column \(pcds, pcd or Postcode7\)\. Its columns are: pc, ward"
    ):
        call_command("load_postcodes", str(path))
    assert Postcode.objects.count() == count


def test_postcode_file_that_does_not_exist_is_refused_clearly(london, tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        call_command("load_postcodes", str(tmp_path / "missing.csv"))


def test_postcode_file_that_is_not_text_is_refused_clearly(london, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Postcode7,WD22CD_proposed\n\xff\xfe\x00\x81,E05\n")
    with pytest.raises(CommandError, match="not a UTF-8 CSV"):
        call_command("load_postcodes", str(path))
