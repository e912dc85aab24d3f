"""A progress report downloaded from a translated page has its headings in that language; the data stays as written."""

import csv
import io
import re
import zlib
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook

from plans import queries, reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar", "bn", "ur"]


def test_the_csv_from_a_polish_page_has_polish_column_titles(client, action):
    body = client.get(f"/pl/plans/{action.plan.slug}/report.csv", {"as_of": "2026-11-20"})
    assert body.status_code == 200
    rows = list(csv.reader(io.StringIO(body.content.decode())))
    assert rows[0][:3] == ["Sekcja", "Numer", "Opis"]
    assert rows[1][1] == "1.1"  # the data as written
    assert rows[-1][0] == "Budżet łącznie (£)"


def test_the_excel_file_from_a_polish_page_has_polish_sheets_and_headings(client, action):
    body = client.get(f"/pl/plans/{action.plan.slug}/report.xlsx").content
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Podsumowanie", "Działania"]
    assert workbook["Działania"].cell(row=1, column=1).value == "Sekcja"
    assert workbook["Działania"].cell(row=2, column=2).value == "1.1"
    assert workbook["Podsumowanie"].cell(row=2, column=1).value.startswith("Postęp na dzień ")


def test_the_english_files_are_unchanged(client, action):
    rows = list(csv.reader(io.StringIO(client.get(f"/plans/{action.plan.slug}/report.csv").content.decode())))
    assert rows[0] == [
        "Section",
        "Reference",
        "Description",
        "Lead",
        "Outcome",
        "Performance measure",
        "Deadline",
        "Due by",
        "Budget (£)",
        "Status",
        "Overdue",
        "Latest progress date",
        "Latest progress",
    ]
    assert rows[1][10] == "No"


def test_the_printed_report_is_in_the_page_language_with_its_direction(action):
    report = queries.build_report(action.plan, date(2026, 11, 20))
    with translation.override("pl"):
        html = render_to_string("plans/report_print.html", {"report": report})
    assert '<html lang="pl" dir="ltr">' in html
    assert "Raport z postępów na dzień 20 listopada 2026" in html  # the month in the form a date needs
    with translation.override("ar"):
        html = render_to_string("plans/report_print.html", {"report": report})
    assert '<html lang="ar" dir="rtl">' in html and "تقرير التقدم" in html


@pytest.mark.parametrize("language", ["ar", "pl", "bn", "gu", "pa", "ta", "ur"])
def test_the_pdf_is_in_the_page_language_when_the_server_has_its_fonts(monkeypatch, action, language):
    monkeypatch.setattr(reports, "has_font_for", lambda code: True)
    seen = []
    monkeypatch.setattr(reports, "render_pdf", lambda *a, **k: seen.append(translation.get_language()) or b"%PDF")
    report = queries.build_report(action.plan, date(2026, 11, 20))
    with translation.override(language):
        reports.to_pdf(report, base_url="http://testserver/")
    assert seen == [language]


@pytest.mark.parametrize(
    ("language", "font"), [("bn", b"Noto-Sans-Bengali"), ("ta", b"Noto-Sans-Tamil"), ("ur", b"Nastaliq")]
)
def test_the_pdf_embeds_a_font_with_the_letters_of_the_language(action, language, font):
    if not reports.has_font_for(language):  # `make install` installs them; a bare machine may not have them
        pytest.skip(f"no font for {language} here (Debian's fonts-noto-core)")
    report = queries.build_report(action.plan, date(2026, 11, 20))
    with translation.override(language):
        pdf = reports.to_pdf(report, base_url="http://testserver/")
    assert pdf.startswith(b"%PDF") and font in _inflated(pdf)


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (where the font names are kept) inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


def test_without_a_font_for_the_script_the_pdf_is_english_and_the_page_says_so(monkeypatch, client, action):
    monkeypatch.setattr(reports, "has_font_for", lambda code: code != "bn")
    seen = []
    monkeypatch.setattr(reports, "render_pdf", lambda *a, **k: seen.append(translation.get_language()) or b"%PDF")
    report = queries.build_report(action.plan, date(2026, 11, 20))
    with translation.override("bn"):
        reports.to_pdf(report, base_url="http://testserver/")
    assert seen == ["en"]
    bengali = client.get(f"/bn/plans/{action.plan.slug}/report/").content.decode()
    assert "PDF ইংরেজিতে আছে।" in bengali
    arabic = client.get(f"/ar/plans/{action.plan.slug}/report/").content.decode()
    assert "PDF" in arabic and "ملف PDF باللغة الإنجليزية" not in arabic


def test_a_bad_date_on_a_download_is_a_clear_message_in_the_page_language(client, action):
    response = client.get(f"/pl/plans/{action.plan.slug}/report.csv", {"as_of": "soon"})
    assert response.status_code == 400
    assert response.content.decode() == "Podaj datę w formacie RRRR-MM-DD."


def _update(action):
    from plans.models import ProgressUpdate

    return ProgressUpdate.objects.create(
        action=action, reported_on=date(2026, 11, 1), narrative="Leaflets <b>delivered</b> to every ward.",
        milestone="Leaflets out", by_label="Borough lead",
    )  # fmt: skip


def test_a_plans_own_words_are_marked_english_on_a_polish_page(client, action):
    action.plan.action_label = "Key action"
    action.plan.save()
    action.performance_measure = "Share of wards reached"
    action.save()
    _update(action)
    html = client.get(f"/pl/plans/{action.plan.slug}/").content.decode()
    assert '<span lang="en">Key action</span> 1.1' in html
    assert '<span lang="en">Share of wards reached</span>' in html
    assert '<div lang="en"><p>Leaflets &lt;b&gt;delivered&lt;/b&gt; to every ward.</p></div>' in html
    assert '<span lang="en">Principle 1: Information</span>' in html  # the section's name in its heading
    page = client.get(f"/pl/plans/{action.plan.slug}/actions/{action.pk}/").content.decode()
    assert '<span lang="en">Key action</span> 1.1' in page and '<span lang="en">Borough lead</span>' in page


def test_on_an_arabic_page_they_are_also_left_to_right_and_on_an_english_page_unmarked(client, action):
    _update(action)
    arabic = client.get(f"/ar/plans/{action.plan.slug}/").content.decode()
    assert '<div lang="en" dir="ltr"><p>Leaflets' in arabic
    english = client.get(f"/plans/{action.plan.slug}/").content.decode()
    assert '<div lang="en"' not in english and "<p>Leaflets &lt;b&gt;delivered&lt;/b&gt; to every ward.</p>" in english
