"""Load London's places and census figures from the ONS and GLA files shipped in places/data/.

Postcodes are loaded by places.postcode_import."""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from places.models import Borough, CensusFigure, CommandUnit, Ward

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


def _figure_key(f: CensusFigure) -> tuple[object, ...]:
    return (f.borough_id, f.ward_id, f.topic, f.category, f.unit, f.value, f.population_base)


def _replace_census_figures(figures: list[CensusFigure]) -> None:
    """Store exactly these figures; when they are already stored, leave the table untouched."""
    stored = sorted((_figure_key(f) for f in CensusFigure.objects.all()), key=repr)
    if stored == sorted((_figure_key(f) for f in figures), key=repr):
        return
    CensusFigure.objects.all().delete()
    CensusFigure.objects.bulk_create(figures, batch_size=2000)
