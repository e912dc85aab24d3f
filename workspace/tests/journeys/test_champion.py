"""The borough champion runs a consultation to its published outcome, and sends alerts to the people it reached.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from workspace.tests.journeys.steps import follow, local_input, press, visit

pytestmark = [pytest.mark.browser]
TITLE = "Street lighting on the Catford estates"
DEMO_CONSULTATION = "Neighbourhood policing priorities in Lewisham (demo)"


def _create_consultation(champion: Any, title: str) -> str:
    """Create, add a question and publish; returns the consultation's staff page path."""
    page = champion.page
    champion.page.get_by_role("navigation", name="Staff workspace").get_by_role("link", name="Consultations").click()
    champion.check()
    follow(champion, "New consultation")
    press(champion, "Save")  # nothing filled in: every error names its field and leads to it
    summary = page.locator(".govuk-error-summary")
    for link in summary.get_by_role("link").all():
        assert page.locator(link.get_attribute("href") or "").count() == 1, link.inner_text()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What is proposed").fill("New lamps on the footpaths between the estates.")
    page.get_by_label("Why we are asking").fill("Residents told the ward panel the paths feel unsafe after dark.")
    page.get_by_label("What can still change").fill("Which paths come first.")
    page.get_by_label("How your answers will be used").fill("The council and the team will agree the order.")
    page.get_by_label("Who is being asked").fill("People who live in or walk through Catford.")
    now = timezone.now()
    page.get_by_label("Opens").fill(local_input(now - timedelta(hours=1)))
    page.get_by_label("Closes").fill(local_input(now + timedelta(days=14)))
    page.get_by_label("Organising unit").select_option(index=1)
    page.get_by_label("Boroughs").select_option(label="Lewisham")
    press(champion, "Save")
    assert "/questions/" in page.url, page.url
    page.get_by_label("Section title").fill("Your views")
    press(champion, "Add section")
    page.get_by_label("Type of question").select_option(label="Single choice")
    page.get_by_label("Question", exact=True).fill("Which path should be lit first?")
    page.get_by_label("An answer is required").check()
    page.get_by_label("Answers to choose from").fill("Canadian Avenue path\nCulverley Green path")
    press(champion, "Add question")
    assert page.get_by_text("Which path should be lit first?").count() > 0
    press(champion, "Publish consultation")
    assert page.get_by_text("Consultation published.").is_visible()
    return page.url.removeprefix(champion.site.url)


def _answer(resident: Any, title: str, email: str) -> None:
    page = resident.page
    resident.goto("/consultations/")
    resident.check()
    follow(resident, title)
    press(resident, "Answer this consultation")
    page.get_by_label("Culverley Green path").check()
    page.get_by_label("Your email address").fill(email)
    press(resident, "Send my answers")
    assert page.url.endswith("/thanks/"), page.url


def test_borough_champion_runs_a_consultation_to_its_published_outcome(cast: Any) -> None:
    champion = cast("borough-champion")
    manage = _create_consultation(champion, TITLE)

    resident = cast.visitor()
    _answer(resident, TITLE, "lamps@example.test")
    public_url = resident.page.url.removesuffix("thanks/").removeprefix(resident.site.url)

    # Responses come in; the champion reads them, then closes the consultation.
    page = champion.page
    visit(champion, manage)
    assert page.get_by_text("1 response").count() > 0
    follow(champion, "Analysis")
    visit(champion, manage)
    press(champion, "Close it now")
    assert page.get_by_text("Closed", exact=True).count() > 0
    follow(champion, "We asked, you said, we did")
    follow(champion, "Add an update")
    page.get_by_label("We did").check()
    page.get_by_label("Update", exact=True).fill("The Culverley Green path is lit first, from next month.")
    press(champion, "Save")

    resident.goto(public_url)
    resident.check()
    assert resident.page.get_by_role("heading", name="What we did").count() == 1
    assert resident.page.get_by_text("The Culverley Green path is lit first").count() > 0
    assert any("lamps@example.test" in m.to for m in mail.outbox), "the respondent was not told the outcome"


def test_borough_champion_sends_alerts_to_a_groups_members_and_a_consultations_respondents(cast: Any) -> None:
    from alerts.models import Message

    # A resident answers the demo consultation and leaves an address to hear back.
    resident = cast.visitor()
    _answer_demo_consultation(resident, "hear-back@example.test")

    champion = cast("borough-champion")
    page = champion.page
    for audience, choice, subject in (
        ("Members of a group (optional)", "Catford South Ward Panel", "Catford South ward panel moves to the library"),
        ("People who answered a consultation (optional)", DEMO_CONSULTATION, "What you told us about policing"),
    ):
        visit(champion, "/alerts/messages/")
        follow(champion, "Write a message")
        if "group" in audience:
            press(champion, "Save and preview")  # nothing filled in
            assert page.locator(".govuk-error-summary").is_visible()
        page.get_by_label("Kind of message").select_option(index=1)
        page.get_by_label("Subject", exact=True).fill(subject)
        page.get_by_label("Body", exact=True).fill("From next month we meet at Catford library.\n\nAll welcome.")
        page.get_by_label(audience).select_option(label=choice)
        press(champion, "Save and preview")
        assert "<p>" not in page.locator("main").inner_text(), "the preview shows raw HTML tags"
        press(champion, "Send or schedule")
        message = Message.objects.get(subject=subject)
        addresses = set(message.deliveries.values_list("address", flat=True))
        assert addresses, f"{subject}: no deliveries"
        delivered = {a for m in mail.outbox if m.subject == subject for a in m.to}
        assert addresses <= delivered, f"{subject}: sent to {delivered}, expected {addresses}"
    assert "hear-back@example.test" in addresses


def _answer_demo_consultation(resident: Any, email: str) -> None:
    page = resident.page
    resident.goto("/consultations/")
    follow(resident, DEMO_CONSULTATION)
    press(resident, "Answer this consultation")
    page.get_by_label("Where do you live, work or study?").fill("SE6 4RU")
    page.get_by_role("group", name="I feel safe in my neighbourhood after dark.").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("group", name="Have you seen your neighbourhood team").get_by_label("Yes").check()
    page.get_by_label("On patrol").check()
    page.get_by_label("Your email address").fill(email)
    press(resident, "Send my answers")
    assert page.url.endswith("/thanks/"), page.url
