"""Load London's places and census figures from the ONS and GLA files shipped in places/data/."""

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.db import transaction

from places.models import Borough, CensusFigure, CommandUnit, Postcode, Ward

# The UK postcode shape without spaces (the same rule as places.services).
POSTCODE_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")

DATA_DIR = Path(__file__).resolve().parent / "data"

# Census 2021 borough summary columns loaded as figures: (column, topic, category).
SUMMARY_COLUMNS = [
    ("age_0-14_perc", "Age", "0 to 14"),
    ("age_15-24_perc", "Age", "15 to 24"),
    ("age_25-34_perc", "Age", "25 to 34"),
    ("age_35-44_perc", "Age", "35 to 44"),
    ("age_45-54_perc", "Age", "45 to 54"),
    ("age_55-64_perc", "Age", "55 to 64"),
    ("age_65-74_perc", "Age", "65 to 74"),
    ("age_75plus_perc", "Age", "75 and over"),
]


RELIGION_LABELS = {"Noreligion": "No religion", "Religionnotstated": "Not answered"}


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


@transaction.atomic
def load_london() -> dict[str, int]:
    """Create or update every command unit, borough and ward, and their census figures. Idempotent."""
    counts = {"command_units": 0, "boroughs": 0, "wards": 0, "census_figures": 0}
    for row in _rows("london_boroughs.csv"):
        cu = None
        if row["met_bcu_group"]:
            cu, _ = CommandUnit.objects.update_or_create(
                number=int(row["met_bcu_group"]), defaults={"name": row["met_bcu_name_unverified"]}
            )
        Borough.objects.update_or_create(
            code=row["LAD22CD"],
            defaults={"name": row["LAD22NM"], "command_unit": cu, "police_force": row["police_force"]},
        )
        counts["boroughs"] += 1
    counts["command_units"] = CommandUnit.objects.count()
    boroughs = {b.code: b for b in Borough.objects.all()}

    existing = {w.code: w for w in Ward.objects.all()}
    new_wards = []
    for row in _rows("london_wards_2022.csv"):
        values = {
            "name": row["WD22NM"],
            "borough_id": boroughs[row["LAD22CD"]].pk,
            "is_city_of_london_ward": row["is_city_of_london_ward"] == "1",
        }
        ward = existing.get(row["WD22CD"])
        if ward is None:
            new_wards.append(Ward(code=row["WD22CD"], **values))
        elif any(getattr(ward, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(ward, key, value)
            ward.save()
        counts["wards"] += 1
    Ward.objects.bulk_create(new_wards)
    wards = {w.code: w for w in Ward.objects.all()}

    figures: list[CensusFigure] = []
    borough_population: dict[str, int] = {}
    for row in _rows("london_wards_2022_census2021_sex_disability_birthplace.csv"):
        ward = wards[row["WD22CD"]]
        total = row.get("sex: Total") or ""
        if total:
            ward.population = int(float(total))
            borough_population[row["LAD22CD"]] = borough_population.get(row["LAD22CD"], 0) + ward.population
        for column, topic, category in [
            ("sex: Female", "Sex", "Female"),
            ("sex: Male", "Sex", "Male"),
            ("disability_3a: Disabled under the Equality Act", "Disability", "Disabled under the Equality Act"),
            ("disability_3a: Not disabled under the Equality Act", "Disability", "Not disabled under the Equality Act"),
            ("country_of_birth_3a: Born in the UK", "Country of birth", "Born in the UK"),
            ("country_of_birth_3a: Born outside the UK", "Country of birth", "Born outside the UK"),
        ]:
            if row.get(column):
                figures.append(
                    CensusFigure(
                        ward=ward,
                        topic=topic,
                        category=category,
                        unit=CensusFigure.Unit.COUNT,
                        value=float(row[column]),
                        population_base="all usual residents",
                    )
                )
    Ward.objects.bulk_update([w for w in wards.values() if w.population], ["population"])

    for row in _rows("london_boroughs_census2021_topics_percent.csv"):
        figures.append(
            CensusFigure(
                borough=boroughs[row["LAD22CD"]],
                topic=row["topic"],
                category=row["category"],
                unit=CensusFigure.Unit.PERCENT,
                value=float(row["percent"]),
                population_base=row["unit"],
            )
        )
    for row in _rows("london_boroughs_census2021_summary.csv"):
        borough = boroughs.get(row["code"])
        if borough is None:
            continue
        if row.get("population_total"):
            borough.population = int(float(row["population_total"]))
        for column, topic, category in SUMMARY_COLUMNS:
            if row.get(column):
                figures.append(
                    CensusFigure(
                        borough=borough,
                        topic=topic,
                        category=category,
                        unit=CensusFigure.Unit.PERCENT,
                        value=float(row[column]),
                        population_base="all usual residents",
                    )
                )
        for column, value in row.items():
            if column.startswith("religion_") and column.endswith("_perc") and value:
                raw = column.removeprefix("religion_").removesuffix("_perc")
                label = RELIGION_LABELS.get(raw, raw)
                figures.append(
                    CensusFigure(
                        borough=borough,
                        topic="Religion",
                        category=label,
                        unit=CensusFigure.Unit.PERCENT,
                        value=float(value),
                        population_base="all usual residents",
                    )
                )
    for code, borough in boroughs.items():
        if borough.population is None and code in borough_population:
            borough.population = borough_population[code]
    Borough.objects.bulk_update(list(boroughs.values()), ["population"])
    _replace_census_figures(figures)
    counts["census_figures"] = len(figures)
    return counts


POSTCODE_COLUMNS = ("Postcode7", "pcd7", "pcds", "pcd")
WARD_COLUMNS = ("WD22CD_proposed", "WD22CD")


def _figure_key(f: CensusFigure) -> tuple[object, ...]:
    return (f.borough_id, f.ward_id, f.topic, f.category, f.unit, f.value, f.population_base)


def _replace_census_figures(figures: list[CensusFigure]) -> None:
    """Store exactly these figures; when they are already stored, leave the table untouched."""
    stored = sorted((_figure_key(f) for f in CensusFigure.objects.all()), key=repr)
    if stored == sorted((_figure_key(f) for f in figures), key=repr):
        return
    CensusFigure.objects.all().delete()
    CensusFigure.objects.bulk_create(figures, batch_size=2000)


def load_postcodes(fh: IO[str], *, batch_size: int = 5000) -> dict[str, int]:
    """Load an ONS postcode directory CSV (columns as the Lewisham extract). Idempotent; skips non-London rows.

    Needs a postcode column (Postcode7, or pcd7/pcds as in the full ONS directory) and a 2022 ward column
    (WD22CD_proposed or WD22CD); TerminationDate and LSOA11CD are read when present. Raises ValueError,
    naming the missing columns, before anything is written.
    """
    reader = csv.DictReader(fh)
    columns = {(name or "").strip() for name in (reader.fieldnames or [])}
    postcode_col = next((c for c in POSTCODE_COLUMNS if c in columns), None)
    ward_col = next((c for c in WARD_COLUMNS if c in columns), None)
    missing = []
    if postcode_col is None:
        missing.append("a postcode column (" + " or ".join(POSTCODE_COLUMNS) + ")")
    if ward_col is None:
        missing.append("a 2022 ward column (" + " or ".join(WARD_COLUMNS) + ")")
    if postcode_col is None or ward_col is None:
        found = ", ".join(sorted(c for c in columns if c)) or "none"
        raise ValueError(f"The postcode file has no {' and no '.join(missing)}. Its columns are: {found}.")
    wards = {w.code: w for w in Ward.objects.select_related("borough")}
    counts = {"loaded": 0, "skipped_outside_london": 0, "skipped_invalid": 0, "terminated": 0}
    batch: dict[str, Postcode] = {}

    def flush() -> None:
        Postcode.objects.bulk_create(
            list(batch.values()),
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["display", "ward", "borough", "lsoa_code", "terminated"],
        )
        batch.clear()

    with transaction.atomic():
        for row in reader:
            compact = re.sub(r"\s+", "", row.get(postcode_col) or "").upper()
            if not compact:
                continue
            if len(compact) > 8 or not POSTCODE_SHAPE.match(compact):
                counts["skipped_invalid"] += 1
                continue
            ward = wards.get((row.get(ward_col) or "").strip())
            if ward is None:
                counts["skipped_outside_london"] += 1
                continue
            terminated = bool((row.get("TerminationDate") or row.get("doterm") or "").strip())
            counts["terminated"] += terminated
            batch[compact] = Postcode(
                postcode=compact,
                display=f"{compact[:-3]} {compact[-3:]}",
                ward=ward,
                borough=ward.borough,
                lsoa_code=(row.get("LSOA11CD") or "")[:9],
                terminated=terminated,
            )
            counts["loaded"] += 1
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return counts
