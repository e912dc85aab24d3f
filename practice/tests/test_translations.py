"""A case study's texts on the public Top 10 page in the visitor's language: translated by whoever chooses the
Top 10, shown on the page, else the English marked so."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from organisations.models import Role
from practice.models import CaseStudy, TopTen, TopTenEntry

pytestmark = pytest.mark.django_db

POLISH = {"title": "Rozmowy z pasażerami autobusów", "what": "Funkcjonariusze jeździli linią 185.", "outcome": "Wynik"}


@pytest.fixture(autouse=True)
def _live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def case() -> CaseStudy:
    shown = TopTen.objects.create(
        label="2025-26 Q1", slug="2025-26-q1", starts_on="2025-04-01", ends_on="2025-06-30", status="published"
    )
    case = CaseStudy.objects.create(
        title="Talking to bus passengers",
        status=CaseStudy.Status.ACCEPTED,
        method="street_briefing",
        topic="asb",
        unit_name="A team",
        held_on="2025-05-01",
        what="Officers rode the 185.",
        why="w",
        who_took_part="w",
        outcome="Three people joined the panel.",
        cost=Decimal(50),
        reach=25,
    )
    TopTenEntry.objects.create(top_ten=shown, case=case, rank=1, cost_per_person=Decimal("2.00"), cost_per_outcome=50)
    return case


@pytest.fixture
def publisher(make_staff: Any) -> Any:
    return make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@police.example.test")


def _url(case: CaseStudy, code: str = "pl") -> str:
    return reverse("languages:translate", args=["case-study", case.pk, code])


def test_the_publisher_translates_a_case_and_the_polish_top_ten_shows_it(client: Any, publisher: Any, case: Any):
    client.force_login(publisher)
    assert (
        reverse("languages:record", args=["case-study", case.pk])
        in client.get(reverse("practice:case", args=[case.pk])).content.decode()
    )
    assert client.post(_url(case), POLISH).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(case.pk)).exists()
    client.logout()
    html = client.get("/pl/practice/top-10/").content.decode()
    assert "Rozmowy z pasażerami autobusów" in html and "Funkcjonariusze jeździli linią 185." in html
    assert "Talking to bus passengers" not in html


def test_a_changed_case_falls_back_to_the_english_marked(client: Any, publisher: Any, case: Any):
    client.force_login(publisher)
    client.post(_url(case), POLISH)
    CaseStudy.objects.filter(pk=case.pk).update(what="Officers rode the 185 and the 47.")
    polish = client.get("/pl/practice/top-10/").content.decode()
    assert '<span lang="en">Officers rode the 185 and the 47.</span>' in polish and "linią 185" not in polish
    assert "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get("/ar/practice/top-10/").content.decode()
    assert '<span lang="en" dir="ltr">Officers rode the 185 and the 47.</span>' in arabic


def test_a_borough_champion_who_does_not_choose_the_top_ten_cannot_translate(client: Any, champion: Any, case: Any):
    client.force_login(champion)
    assert client.get(reverse("languages:record", args=["case-study", case.pk])).status_code == 404
    assert client.post(_url(case), POLISH).status_code == 404
    case.refresh_from_db()
    assert case.translations == {}


def test_the_translators_file_carries_cases_and_refuses_bad_rows(client: Any, publisher: Any, case: Any):
    client.force_login(publisher)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"case-study,{case.pk},title,Talking to bus passengers," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"case-study,{case.pk},title,x,{'y' * 201}\ncase-study,{case.pk},why,x,y\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()
    case.refresh_from_db()
    assert case.translations == {}
