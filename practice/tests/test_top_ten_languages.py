"""The public Good practice Top 10 page in every language, with the ways of engaging and the topics translated."""

from decimal import Decimal
from typing import Any

import pytest

from practice.models import CaseStudy, TopTen, TopTenEntry

pytestmark = pytest.mark.django_db

# In each language: the page's heading for the cost per person, and the translated method and topic of the case.
EXPECTED = {
    "es": ("Coste por persona alcanzada", "Charla en la calle", "Comportamiento antisocial"),
    "pt": ("Custo por pessoa alcançada", "Conversa na rua", "Comportamento antissocial"),
    "ro": ("Cost pe persoană la care s-a ajuns", "Discuție pe stradă", "Comportament antisocial"),
    "pl": ("Koszt na jedną osobę, do której dotarto", "Rozmowy na ulicy", "Zachowania aspołeczne"),
    "bn": ("প্রতি জনে খরচ", "রাস্তায় আলোচনা", "সমাজবিরোধী আচরণ"),
    "gu": ("દરેક વ્યક્તિ દીઠ ખર્ચ", "શેરીમાં વાતચીત", "અસામાજિક વર્તન"),
    "pa": ("ਪ੍ਰਤੀ ਵਿਅਕਤੀ ਖਰਚਾ", "ਗਲੀ ਵਿੱਚ ਗੱਲਬਾਤ", "ਸਮਾਜ-ਵਿਰੋਧੀ ਵਿਹਾਰ"),
    "ta": ("ஒருவருக்கான செலவு", "தெருவில் உரையாடல்", "சமூக விரோத நடத்தை"),
    "tr": ("Ulaşılan kişi başına maliyet", "Sokakta bilgilendirme", "Toplum düzenini bozan davranışlar"),
    "ur": ("فی شخص خرچ", "گلی میں بات چیت", "سماج دشمن رویہ"),
}


@pytest.fixture(autouse=True)
def _live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = list(EXPECTED) + ["ar"]


@pytest.fixture
def top_ten() -> TopTen:
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
        outcome="o",
        cost=Decimal(50),
        reach=25,
    )
    TopTenEntry.objects.create(top_ten=shown, case=case, rank=1, cost_per_person=Decimal("2.00"), cost_per_outcome=50)
    return shown


@pytest.mark.parametrize("code", list(EXPECTED))
def test_the_top_ten_page_is_translated(client: Any, top_ten: TopTen, code: str) -> None:
    html = client.get(f"/{code}/practice/top-10/").content.decode()
    heading, method, topic = EXPECTED[code]
    assert heading in html and "Cost per person reached" not in html
    assert method in html and "Street briefing" not in html
    assert topic in html
    assert "Talking to bus passengers" in html  # what the unit wrote stays as written


def test_the_english_page_is_unchanged(client: Any, top_ten: TopTen) -> None:
    html = client.get("/practice/top-10/").content.decode()
    assert "Cost per person reached" in html and "Street briefing" in html and "Antisocial behaviour" in html
