"""The public's main jobs, from the first page to the end, through the real forms (and without JavaScript).

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
from typing import Any

import pytest
from django.core import mail

from website.tests.journeys.conftest import last_mail_to, links_in, sign_up

pytestmark = [pytest.mark.browser]
RUSHEY_GREEN = "E05013730"
CATFORD_SOUTH = "E05013717"
CONSULTATION = "/consultations/neighbourhood-policing-priorities-in-lewisham-demo/"


@pytest.fixture(params=["js", "no-js"])
def walk(request: Any) -> Any:
    return request.getfixturevalue("journey" if request.param == "js" else "journey_no_js")


def test_resident_finds_their_ward_by_postcode(walk: Any) -> None:
    page = walk.page
    walk.goto("/")
    walk.check()
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Find your area").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("Postcode").fill("se6 4ru")
    page.get_by_role("button", name="Find your area").click()
    page.wait_for_url(re.compile(rf"/wards/{RUSHEY_GREEN}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rushey Green"
    walk.check()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Lewisham").click()
    page.wait_for_url(re.compile(r"/boroughs/E09000023/$"))
    walk.check()


def test_resident_raises_an_issue_then_later_checks_its_status(walk: Any) -> None:
    page = walk.page
    email = f"raiser-{id(walk)}@example.test"
    walk.goto(f"/wards/{RUSHEY_GREEN}/")
    page.get_by_role("link", name="Tell the team about a problem in Rushey Green").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name=re.compile("Send")).click()  # nothing filled in: the errors name each field
    page.wait_for_load_state()
    walk.check()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, f"error link {target} points at nothing"
    page.get_by_label("Anti-social behaviour").check()
    page.get_by_label("What is happening?").fill("Young people gather by the station late at night and shout.")
    page.get_by_label("Every day").check()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name=re.compile("Send")).click()
    page.wait_for_load_state()
    walk.check()
    reference = page.get_by_test_id("reference").inner_text().strip()

    # Later, in another browser: the confirmation email leads to the report's status.
    link = [u for u in links_in(last_mail_to(email)) if "/priorities/status/" in u]
    assert link, "the confirmation email has no link to the report"
    page.context.clear_cookies()
    page.goto(link[0])
    walk.check()
    assert reference in page.content()


def test_resident_subscribes_to_alerts_then_unsubscribes(walk: Any) -> None:
    page = walk.page
    email = f"subscriber-{id(walk)}@example.test"
    walk.goto(f"/wards/{RUSHEY_GREEN}/")
    page.get_by_role("link", name="Get alerts for Rushey Green").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("Meetings and events").check()
    page.get_by_label("Send me alerts by email").check()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("I agree to receive these alerts").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    walk.check()
    confirm = next(u for u in links_in(last_mail_to(email)) if "/alerts/confirm/" in u)
    page.goto(confirm)
    walk.check()
    page.get_by_role("button", name=re.compile("Confirm")).click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("link", name="Change your alerts now").click()
    page.wait_for_url(re.compile("/alerts/manage/"))
    walk.check()
    page.get_by_role("button", name="Unsubscribe from everything").click()
    page.wait_for_load_state()
    walk.check()
    from alerts.models import Subscriber

    assert not Subscriber.objects.filter(email=email, left_at__isnull=True).exists()


def test_resident_answers_a_consultation_then_reads_its_outcome(walk: Any) -> None:
    page = walk.page
    walk.goto("/consultations/")
    walk.check()
    page.get_by_role("link", name="Neighbourhood policing priorities in Lewisham (demo)").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name="Answer this consultation").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name="Send my answers").click()  # required questions unanswered
    page.wait_for_load_state()
    walk.check()
    for link in page.locator(".govuk-error-summary").get_by_role("link").all():
        assert page.locator(link.get_attribute("href")).count() == 1
    page.get_by_label("Where do you live, work or study?").fill("SE6 4RU")
    page.get_by_role("group", name="I feel safe in my neighbourhood after dark.").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("group", name="Have you seen your neighbourhood team").get_by_label("Yes").check()
    page.get_by_label("On patrol").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(re.compile(r"/thanks/$"))
    walk.check()

    url = page.url.removesuffix("thanks/")
    # Later, the borough team publishes what it did about the answers ...
    _publish_we_did(title="Neighbourhood policing priorities in Lewisham (demo)", did=f"Extra patrols {id(walk)}")
    # ... and the consultation's page says so.
    walk.goto(url.removeprefix(walk.site.url))
    walk.check()
    assert page.get_by_role("heading", name="What we did").count() == 1
    assert f"Extra patrols {id(walk)}" in page.content()


def _publish_we_did(*, title: str, did: str) -> None:
    from consultations.models import Consultation
    from feedback import services as feedback_services
    from feedback.queries import record_for

    record = record_for(Consultation.objects.get(title=title))
    feedback_services.add_entry(record=record, by=None, kind="did", text=did, check_permission=False)


def _open_vote(ward_code: str) -> None:
    """The team has opened a panel vote (their side of it is in the neighbourhood officer's journey)."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from places.models import Ward
    from priorities import services
    from priorities.models import PanelRound

    ward = Ward.objects.get(code=ward_code)
    now = timezone.now()
    if not PanelRound.objects.filter(ward=ward, closes_at__gt=now).exists():
        services.open_panel_round(
            ward=ward,
            by=User.objects.get(email="neighbourhood-officer@demo.engagehub.invalid"),
            title="What should the team work on next?",
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(days=14),
            options=[
                {"category": "asb", "issue": "Noise by the station at night"},
                {"category": "other", "issue": "Bikes ridden on the pavement"},
            ],
        )


def test_resident_joins_the_online_ward_panel_and_votes(walk: Any) -> None:
    page = walk.page
    email = f"panellist-{id(walk)}@example.test"
    _open_vote(CATFORD_SOUTH)
    panel = f"/priorities/wards/{CATFORD_SOUTH}/panel/"
    walk.goto(f"/wards/{CATFORD_SOUTH}/")
    page.locator(f"main a[href='{panel}']").first.click()
    page.wait_for_load_state()
    walk.check()
    sign_up(walk, email, next_path=panel)
    walk.goto(panel)
    page.get_by_role("button", name="Join the Catford South online panel").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name="Vote").click()  # no choice made
    page.wait_for_load_state()
    walk.check()
    page.locator("main input[type=radio]").first.check()
    page.get_by_role("button", name="Vote").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("You voted for").is_visible()


def test_resident_asks_to_join_a_ward_panel_group(walk: Any) -> None:
    page = walk.page
    walk.goto(f"/wards/{RUSHEY_GREEN}/")
    page.get_by_role("link", name="Ask to join the Rushey Green Ward Panel").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("Your name").fill("Ada Okafor-Lindqvist")
    page.get_by_label("Email address").fill(f"joiner-{id(walk)}@example.test")
    page.get_by_label("Why would you like to join?").fill("I walk my dog here every evening.")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=re.compile("Send|Ask")).click()
    page.wait_for_url(re.compile(r"/join/sent/$"))
    walk.check()


def test_resident_downloads_then_deletes_their_data(walk: Any) -> None:
    page = walk.page
    email = f"leaver-{id(walk)}@example.test"
    sign_up(walk, email)
    walk.goto("/account/")
    walk.check()
    response = page.request.get(walk.site.url + "/account/data.json")
    assert response.ok
    assert email in response.text()
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name="Delete my account").click()  # not confirmed yet
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("I understand that my account").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()
    walk.check()
    from accounts.models import User

    assert not User.objects.filter(email=email).exists()
    assert mail.outbox is not None
