"""A sergeant changes and extends the ward's plan; a neighbourhood officer writes up a held activity as a case study
that a champion accepts and others find in the library; the central champion ranks, notes and publishes the quarter's
Top 10, which a member of the public then reads.

Journeys share one database with the demo data and run in any order, so each makes its own records, named uniquely.
Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from practice.models import financial_quarter
from workspace.tests.journeys.steps import follow, local_input, press, visit

pytestmark = [pytest.mark.browser]
CATFORD_SOUTH = "E05013717"


def _token() -> str:
    return uuid.uuid4().hex[:6]


def test_a_sergeant_changes_and_extends_the_ward_plan(cast: Any) -> None:
    # The demo's Catford South plan, the sergeant's only ward, is already agreed: drafting is changing and extending it.
    token = _token()
    sergeant = cast("team-sergeant")
    page = sergeant.page
    visit(sergeant, "/practice/plans/")
    follow(sergeant, "Catford South")
    assert page.get_by_role("heading", name="Engagement plan: Catford South").is_visible()
    follow(sergeant, "Change the plan")
    notes = f"Fictional journey notes {token}: the new flats on Bromley Road have no residents' association yet."
    page.get_by_label("What the team knows about the ward").fill(notes)
    page.get_by_label("How the team will give feedback").select_option(label="Other (described below)")
    page.get_by_label("How feedback will be given").fill("")
    press(sergeant, "Save")  # "Other" with nothing described: refused, and the summary says why
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Describe how feedback will be given" in summary.inner_text()
    assert page.get_by_label("What the team knows about the ward").input_value() == notes  # nothing typed is lost
    page.get_by_label("How feedback will be given").fill(f"A stall at the Saturday market each month ({token}).")
    press(sergeant, "Save")
    assert page.get_by_text("The plan has been saved.").is_visible()
    assert page.get_by_text(notes).is_visible()
    assert page.get_by_text(f"A stall at the Saturday market each month ({token}).").is_visible()

    follow(sergeant, "Add a community and its methods")
    page.get_by_label("Community to reach").select_option(label="Disabled people")
    page.get_by_label("Door knocking").check()
    page.get_by_label("Street briefing").check()
    page.get_by_label("Why this community (optional)").fill(f"Rarely among participants ({token})")
    press(sergeant, "Save")
    assert page.get_by_text("Disabled people is in the plan.").is_visible()
    chosen = page.get_by_role("table", name="The team's choices: communities and methods")
    row = chosen.get_by_role("row", name=re.compile("^Disabled people"))
    assert "Door knocking, Street briefing" in row.inner_text() and token in row.inner_text()

    follow(sergeant, "Add a target")
    page.get_by_label(re.compile("^Community")).select_option(label="Disabled people")
    page.get_by_label(re.compile("^Method")).select_option(label="Door knocking")
    page.get_by_label("Measure", exact=True).select_option(label="Activities held")
    page.get_by_label("Target number").fill("4")
    page.get_by_label("Note (optional)").fill(f"Two estates ({token})")
    press(sergeant, "Save")
    target = "4 activities held with Disabled people by door knocking in six months"
    assert page.get_by_text(f"Target added: {target}.").is_visible()
    assert page.get_by_role("listitem").filter(has_text=f"{target} — Two estates ({token})").is_visible()
    # Still agreed, so no "Agree the plan": its next review weighs the new target too.
    assert page.get_by_text(re.compile(r"^Agreed, agreed ")).is_visible()
    assert page.get_by_role("button", name="Agree the plan").count() == 0
    follow(sergeant, "History of this plan")
    assert page.get_by_text(target).first.is_visible()


def _held_activity(officer: Any, title: str, *, attendance: int, cost: str) -> None:
    """The officer records an activity the team held earlier today, then marks it held with its figures."""
    page = officer.page
    visit(officer, "/activities/new/")
    now = timezone.localtime()
    starts = max(now.replace(hour=0, minute=1), now - timedelta(hours=3))  # earlier today: this quarter, started
    page.get_by_label("Title").fill(title)
    page.get_by_label("Why this is taking place").fill("To hear what worries parents at the school gates.")
    page.get_by_label("Method").select_option(label="Street briefing")
    page.get_by_label("Wards (optional)").fill("Catford South")
    page.get_by_label("Starts").fill(local_input(starts))
    page.get_by_label("Ends").fill(local_input(starts + timedelta(hours=1)))
    page.get_by_label(re.compile("Pre-planned")).uncheck()  # already held: there is nothing to consult on
    press(officer, "Save")
    assert page.get_by_role("heading", name=title).is_visible()
    page.get_by_label("New status").select_option(label="Held")
    page.get_by_label("Attendance (people who took part)").fill(str(attendance))
    page.get_by_label("Cost (£)").fill(cost)
    press(officer, "Change status")
    assert page.get_by_text(f"“{title}” is now held.").is_visible()


def _submit_case(officer: Any, activity: str, title: str, *, topic: str, reach: str = "") -> None:
    page = officer.page
    visit(officer, "/practice/library/")
    follow(officer, "Submit a case study")
    page.get_by_label("Register activity").select_option(label=activity)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Topic", exact=True).select_option(label=topic)
    page.get_by_label("What was done").fill("Two officers stood at the school gates at home time and asked parents.")
    page.get_by_label("Why", exact=True).fill("Parents were rarely among the ward panel's participants.")
    page.get_by_label("Who took part").fill("Parents and carers, two crossing patrol staff (fictional).")
    page.get_by_label("What came of it").fill("Three new ward panel members and a crossing moved nearer the gates.")
    if reach:
        page.get_by_label("People reached (optional)").fill(reach)
    page.get_by_label("Outcomes achieved").fill("3")
    press(officer, "Send to the reviewers")
    assert page.get_by_text("Your case study has been sent to the reviewers.").is_visible()
    assert page.get_by_role("heading", name=title).is_visible()


def _accept_case(reviewer: Any, title: str, note: str) -> None:
    """A reviewer finds the case among those waiting and accepts it into the library."""
    page = reviewer.page
    visit(reviewer, "/practice/library/")
    page.get_by_label("Search", exact=True).fill(title)
    page.get_by_label("Review", exact=True).select_option(label="Waiting for review")
    press(reviewer, "Search the library")
    follow(reviewer, title)
    page.get_by_label("Accept into the library").check()
    page.get_by_label("Reviewer's note").fill(note)
    press(reviewer, "Record the decision")
    assert page.get_by_text("The review is recorded.").is_visible()


def test_an_officer_submits_a_case_study_a_champion_accepts_it_and_others_find_it(cast: Any) -> None:
    token = _token()
    activity = f"School gates street briefing {token}"
    title = f"Parents at the school gates {token}"
    officer = cast("neighbourhood-officer")
    page = officer.page
    _held_activity(officer, activity, attendance=45, cost="60")

    visit(officer, "/practice/library/submit/")
    press(officer, "Send to the reviewers")  # nothing filled in: the summary lists what is missing
    assert page.locator(".govuk-error-summary").is_visible()
    _submit_case(officer, activity, title, topic="Young people and youth safety")
    assert page.locator(".govuk-inset-text").filter(has_text="Waiting for review").is_visible()
    assert page.get_by_text("£60.00 (from the register)").is_visible()
    assert page.get_by_role("link", name=activity).is_visible()

    champion = cast("borough-champion")
    _accept_case(champion, title, "Cheap to copy at any primary school.")
    assert champion.page.locator(".govuk-inset-text").filter(has_text="Waiting for review").count() == 0

    # Back in the library, the officer finds it by a word from its text and its topic; another topic leaves it out.
    officer.goto("/practice/library/")
    officer.check()
    page.get_by_label("Search", exact=True).fill(token)
    page.get_by_label("Topic", exact=True).select_option(label="Young people and youth safety")
    press(officer, "Search the library")
    assert page.get_by_text("1 case study.").is_visible()
    page.get_by_label("Topic", exact=True).select_option(label="Hate crime")
    press(officer, "Search the library")
    assert page.get_by_role("link", name=title).count() == 0
    assert page.get_by_text("No case studies match").is_visible()
    page.get_by_label("Topic", exact=True).select_option(label="Young people and youth safety")
    page.get_by_label("Method", exact=True).select_option(label="Street briefing")
    press(officer, "Search the library")
    follow(officer, title)
    assert page.get_by_role("heading", name=title).is_visible()


def test_the_central_champion_publishes_the_top_ten_and_the_public_reads_it(cast: Any) -> None:
    # The demo publishes only quarters that are over, and no other journey publishes one: this quarter is left to
    # this journey, which makes its own accepted case in it first.
    token = _token()
    activity = f"Market stall on road safety {token}"
    title = f"Road safety at the market {token}"
    label = financial_quarter(timezone.localdate())[0]
    officer = cast("neighbourhood-officer")
    _held_activity(officer, activity, attendance=30, cost="15")
    _submit_case(officer, activity, title, topic="Road safety", reach="3000")

    central = cast("central-champion")
    page = central.page
    _accept_case(central, title, "Reached thousands for the price of a table.")
    visit(central, "/practice/top-10/manage/")
    page.get_by_label("Quarter").select_option(label=label)
    press(central, "Rank this quarter's cases")
    assert page.get_by_text(f"The {label} cases have been ranked.").is_visible()
    assert page.get_by_role("heading", name=f"Top 10, {label}").is_visible()
    card = page.locator(".govuk-summary-card").filter(has_text=title)
    card.get_by_label("Reviewers' note").fill(f"One table, one afternoon, three thousand people ({token}).")
    card.get_by_role("button", name=re.compile("^Save the note")).click()
    page.wait_for_load_state()
    central.check()
    assert page.get_by_text(f"Note saved for “{title}”.").is_visible()
    press(central, "Publish the Top 10")  # no introduction yet: refused, and the summary says why
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("Introduction for the public page").fill(f"This quarter's best value engagement ({token}).")
    press(central, "Publish the Top 10")
    assert page.get_by_text(f"The Top 10 for {label} is published.").is_visible()

    visitor = cast.visitor()
    visit(visitor, "/practice/top-10/")
    public = visitor.page
    assert public.get_by_role("heading", name=re.compile("^Good practice Top 10")).first.is_visible()
    assert public.get_by_text(f"This quarter's best value engagement ({token}).").is_visible()
    entry = public.get_by_role("listitem").filter(has=public.get_by_role("heading", name=re.compile(re.escape(title))))
    assert entry.get_by_role("heading", name="Why the reviewers chose it").is_visible()
    assert entry.get_by_text(f"One table, one afternoon, three thousand people ({token}).").is_visible()
