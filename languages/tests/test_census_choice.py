"""The languages on the site are London's ten most spoken main languages in the shipped Census 2021 data, plus Urdu."""

import csv
from pathlib import Path

from languages import choices

DATA = Path(__file__).resolve().parents[2] / "places" / "data" / "london_boroughs_census2021_summary.csv"


def _london_totals() -> dict[str, int]:
    totals: dict[str, float] = {}
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for column, value in row.items():
                if column.startswith("language_") and column.endswith("_total"):
                    name = column.removeprefix("language_").removesuffix("_total")
                    totals[name] = totals.get(name, 0) + float(value or 0)
    return {name: int(total) for name, total in totals.items()}


def test_the_top_ten_and_urdu_with_the_figures_in_the_docs():
    totals = _london_totals()
    top_ten = sorted(totals, key=lambda name: -totals[name])[:10]
    on_site = {language.english for language in choices.TRANSLATED}
    assert set(top_ten) <= on_site
    assert on_site - set(top_ten) == {"Urdu"}
    for language in choices.TRANSLATED:
        assert language.speakers == totals[language.english]
    assert {lang.code for lang in choices.TRANSLATED if lang.rtl} == {"ar", "ur"}
