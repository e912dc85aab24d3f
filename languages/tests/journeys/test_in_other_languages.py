"""Find your ward, raise an issue and subscribe to alerts in Polish and in Arabic (right to left), in a real browser.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker (`walk.check()`).
"""

import re
from typing import Any

import pytest

from website.tests.journeys.conftest import last_mail_to, links_in

pytestmark = [pytest.mark.browser]
RUSHEY_GREEN = "E05013730"

WORDS = {
    "pl": {
        "name": "Polski",
        "find": "Znajdź swoją okolicę",
        "postcode": "Kod pocztowy",
        "what": "Co się dzieje?",
        "email": "Adres e-mail",
        "send": "Wyślij",
        "sent": "Mamy Twoje zgłoszenie",
        "by_email": "Wysyłajcie mi powiadomienia e-mailem",
        "agree": "Zgadzam się na otrzymywanie tych powiadomień",
        "subscribe": "Zapisz się",
        "nearly": "Prawie gotowe",
        "error": "Wystąpił problem",
    },
    "ar": {
        "name": "العربية",
        "find": "ابحث عن منطقتك",
        "postcode": "الرمز البريدي",
        "what": "ماذا يحدث؟",
        "email": "البريد الإلكتروني",
        "send": "أرسل",
        "sent": "وصلنا بلاغك",
        "by_email": "أرسلوا لي التنبيهات بالبريد الإلكتروني",
        "agree": "أوافق على تلقي هذه التنبيهات",
        "subscribe": "اشترك",
        "nearly": "بقيت خطوة واحدة",
        "error": "هناك مشكلة",
    },
}


@pytest.fixture(autouse=True)
def _languages_live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar", "ur"]


@pytest.mark.parametrize("code", ["pl", "ar"])
def test_find_raise_and_subscribe_in_another_language(journey: Any, code: str) -> None:
    words, page = WORDS[code], journey.page
    rtl = code == "ar"
    journey.goto("/")
    page.get_by_role("navigation", name="Languages").get_by_role("link", name=words["name"]).click()
    page.wait_for_url(re.compile(rf"/{code}/$"))
    html = page.locator("html")
    assert html.get_attribute("lang") == code and html.get_attribute("dir") == ("rtl" if rtl else "ltr")
    journey.check()

    # Find your ward: a wrong postcode first, then the right one.
    page.get_by_label(words["postcode"]).fill("not a postcode")
    page.get_by_role("button", name=words["find"]).click()
    page.wait_for_load_state()
    assert words["error"] in page.content()
    journey.check()
    page.get_by_label(words["postcode"]).fill("se6 4ru")
    page.get_by_role("button", name=words["find"]).click()
    page.wait_for_url(re.compile(rf"/{code}/wards/{RUSHEY_GREEN}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rushey Green"
    journey.check()
    if rtl:  # the page reads from the right; the ONS code inside it still reads left to right
        assert page.locator("main").evaluate("e => getComputedStyle(e).direction") == "rtl"
        code_span = page.locator(f"span[dir=ltr]:text-is('{RUSHEY_GREEN}')")
        assert code_span.evaluate("e => getComputedStyle(e).direction") == "ltr"

    # Raise an issue, in the chosen language, with the errors first.
    journey.goto(f"/{code}/priorities/raise/?ward={RUSHEY_GREEN}")
    journey.check()
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_load_state()
    assert words["error"] in page.content()
    journey.check()
    page.locator("input[name=category]").first.check()
    page.get_by_label(words["what"]).fill("Young people gather by the station late at night and shout.")
    page.locator("input[name=frequency]").first.check()
    email = f"raiser-{code}@example.test"
    page.get_by_label(words["email"]).fill(email)
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url(re.compile(rf"/{code}/priorities/raise/sent/"))
    assert words["sent"] in page.content()
    journey.check()

    # Subscribe to alerts: the subscription keeps the language it was made in.
    journey.goto(f"/{code}/alerts/subscribe/")
    journey.check()
    subscriber_email = f"subscriber-{code}@example.test"
    page.locator("input[name=postcode]").fill("SE6 4RU")
    page.get_by_label(words["by_email"]).check()
    page.locator("input[name=email]").fill(subscriber_email)
    page.locator("input[name=interests]").first.check()
    page.get_by_label(words["agree"]).check()
    page.get_by_role("button", name=words["subscribe"], exact=True).click()
    page.wait_for_url(re.compile(rf"/{code}/alerts/subscribe/check/"))
    assert words["nearly"] in page.content()
    journey.check()
    from alerts.models import Subscriber

    assert Subscriber.objects.get(email=subscriber_email).language == code
    confirm = next(u for u in links_in(last_mail_to(subscriber_email)) if "/alerts/confirm/" in u)
    assert f"/{code}/alerts/confirm/" in confirm  # the email's link opens the page in the same language


def test_urdu_pages_are_right_to_left_and_pass_the_checks(journey: Any) -> None:
    journey.goto(f"/ur/wards/{RUSHEY_GREEN}/")
    html = journey.page.locator("html")
    assert html.get_attribute("lang") == "ur" and html.get_attribute("dir") == "rtl"
    journey.check()


def test_staff_written_priorities_in_polish_and_marked_english_in_arabic(journey: Any) -> None:
    """The demo's current priorities carry Polish, not Arabic: the Arabic page shows their English marked as
    English, left to right, with the notice; both pages pass axe and the Nu HTML checker."""
    from demo.priorities import TRANSLATED

    page = journey.page
    journey.goto(f"/pl/wards/{RUSHEY_GREEN}/")
    polish = page.content()
    assert any(texts["pl"][0] in polish for texts in TRANSLATED.values())
    journey.check()

    journey.goto(f"/ar/wards/{RUSHEY_GREEN}/")
    english = page.locator("#priorities-heading ~ .govuk-summary-card span[lang=en]").first
    assert english.get_attribute("dir") == "ltr"
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator(".eh-english-only").first.inner_text() == "هذا النص متوفر باللغة الإنجليزية فقط."
    journey.check()
