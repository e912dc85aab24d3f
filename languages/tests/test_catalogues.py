"""The catalogues in the repository: complete for their own pages' placeholders and HTML, and readable by gettext."""

import subprocess
from pathlib import Path
from shutil import which

import polib
import pytest
from django.test import Client
from django.utils import translation

from languages import catalogues, choices

CODES = [language.code for language in choices.TRANSLATED]


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_a_catalogue_and_a_review_status(code):
    assert catalogues.catalogue_path(code).exists()
    status = catalogues.read_status(code)
    assert status.get("reviewed") in {"yes", "no"}
    po = polib.pofile(str(catalogues.catalogue_path(code)))
    assert not po.metadata_is_fuzzy  # gettext ignores a fuzzy header, and with it the plural forms
    assert po.metadata["Language"] == code and "nplurals=" in po.metadata["Plural-Forms"]


@pytest.mark.parametrize("code", CODES)
def test_no_missing_placeholders_and_no_broken_html(code):
    assert catalogues.problems(code) == []


@pytest.mark.skipif(not which("msgfmt"), reason="GNU gettext is installed by `make locale`")
@pytest.mark.parametrize("code", CODES)
def test_gettext_accepts_the_catalogue(code, tmp_path: Path):
    command = ["msgfmt", "--check-format", "-o", str(tmp_path / "x.mo"), str(catalogues.catalogue_path(code))]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603, S607 - gettext's msgfmt
    assert result.returncode == 0, result.stderr


def test_the_checks_find_broken_translations():
    assert catalogues.placeholders("%(name)s in %(ward)s") == ["%(name)s", "%(ward)s"]
    assert catalogues.balanced('<a href="x">one</a> <br>') and not catalogues.balanced("<a>one")
    assert catalogues.tags('<a class="x">y</a>') == ["<a", "</a"]


def test_a_reviewed_status_and_live_languages_in_the_report(settings, capsys):
    from django.core.management import call_command

    settings.LIVE_LANGUAGES = ["pl"]
    call_command("translation_report", "--no-content")  # the catalogues only: no database here
    out = capsys.readouterr().out
    assert "Polish" in out and "Urdu" in out
    with pytest.raises(Exception, match="pl"):
        call_command("translation_report", "--check", "--no-content")  # Polish is live but not reviewed


@pytest.mark.django_db
def test_polish_and_arabic_pages_are_translated(client: Client, settings, london):
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    with translation.override("pl"):
        assert translation.gettext("Find your area") == "Znajdź swoją okolicę"
    assert "Znajdź swoją okolicę" in client.get("/pl/").content.decode()
    assert "ابحث عن منطقتك" in client.get("/ar/").content.decode()
