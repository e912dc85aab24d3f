"""The good-practice library and the Top 10: ranking on known figures, submission, curation, publication."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from organisations.models import Role
from practice import ranking
from practice.models import CaseStudy, TopTen, financial_quarter
from practice.services import library as services

pytestmark = pytest.mark.django_db


def _case(pk: int, cost: str | None, reach: int, outcomes: int = 1) -> Any:
    return SimpleNamespace(pk=pk, cost=None if cost is None else Decimal(cost), reach=reach, outcomes=outcomes)


def test_ranking_on_known_costs_and_reach() -> None:
    leaflets = _case(1, "400.00", 2000, 1)  # £0.20 a person, £400 an outcome
    meeting = _case(2, "150.00", 30, 3)  # £5.00 a person, £50 an outcome
    surgery = _case(3, "60.00", 300, 2)  # £0.20 a person, £30 an outcome: beats the leaflets on the tie
    free = _case(4, "0", 12, 1)  # nothing spent: £0 a person
    unknown = _case(5, None, 100)
    nobody = _case(6, "10.00", 0)
    ranked, apart = ranking.rank([leaflets, meeting, surgery, free, unknown, nobody])
    assert [(r.case.pk, r.cost_per_person, r.cost_per_outcome) for r in ranked] == [
        (4, Decimal("0.00"), Decimal("0.00")),
        (3, Decimal("0.20"), Decimal("30.00")),
        (1, Decimal("0.20"), Decimal("400.00")),
        (2, Decimal("5.00"), Decimal("50.00")),
    ]
    assert apart == [(unknown, "No cost recorded"), (nobody, "No people reached recorded")]
    many = [_case(i, str(i), 100) for i in range(10, 25)]
    assert [r.case.pk for r in ranking.top(many)] == list(range(10, 20))


def test_financial_quarters() -> None:
    assert financial_quarter(date(2026, 11, 30))[:2] == ("2026-27 Q3", "2026-27-q3")
    assert financial_quarter(date(2027, 2, 1))[2:] == (date(2027, 1, 1), date(2027, 3, 31))
    assert financial_quarter(date(2026, 4, 1))[0] == "2026-27 Q1"


CASE = {
    "title": "Pop-up surgery at the school gates",
    "topic": "youth",
    "what": "Two PCSOs met parents at the gates.",
    "why": "Parents never come to panel meetings.",
    "who_took_part": "Parents and carers of Year 7 pupils",
    "outcome": "Three new panel members; parking became a priority.",
    "do_differently": "",
    "outcomes": "3",
}


@pytest.fixture
def activity(held: Any, ward: Any) -> Any:
    return held(ward, 40, cost=Decimal("80.00"), reach=200)


def test_a_lead_submits_and_a_champion_accepts(client: Any, officer: Any, champion: Any, activity: Any) -> None:
    client.force_login(officer)
    assert client.get(reverse("practice:case_submit")).status_code == 200
    r = client.post(reverse("practice:case_submit"), {**CASE, "activity": activity.pk})
    assert r.status_code == 302
    case = CaseStudy.objects.get()
    assert (case.cost, case.cost_from, case.reach, case.method) == (Decimal("80.00"), "register", 40, activity.method)
    assert list(case.activities.all()) == [activity]
    client.force_login(champion)
    r = client.post(reverse("practice:case_review", args=[case.pk]), {"decision": "accept", "note": "Cheap and good"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted"
    html = client.get(reverse("practice:library"), {"q": "school gates", "topic": "youth"}).content.decode()
    assert "Pop-up surgery" in html
    html = client.get(reverse("practice:library"), {"topic": "hate"}).content.decode()
    assert "Pop-up surgery" not in html
    assert AuditEntry.objects.filter(action__in=["practice.case.submit", "practice.case.review"]).count() == 2


def test_a_missing_cost_is_asked_for(client: Any, officer: Any, held: Any, ward: Any) -> None:
    no_cost = held(ward, 20)
    client.force_login(officer)
    r = client.post(reverse("practice:case_submit"), {**CASE, "activity": no_cost.pk})
    assert r.status_code == 400 and "The register has no cost for this activity" in r.content.decode()
    assert not CaseStudy.objects.exists()
    r = client.post(reverse("practice:case_submit"), {**CASE, "activity": no_cost.pk, "cost": "25"})
    assert r.status_code == 302
    assert CaseStudy.objects.get().cost_from == "case"
    for bad in ({"cost": "-1"}, {"outcomes": "0"}, {"reach": "abc"}, {"title": ""}, {"activity": "999999"}):
        r = client.post(reverse("practice:case_submit"), {**CASE, "activity": no_cost.pk, "cost": "25", **bad})
        assert r.status_code == 400


def test_another_unit_cannot_submit_or_see_a_pending_case(
    client: Any, officer: Any, other_sergeant: Any, activity: Any
) -> None:
    client.force_login(other_sergeant)
    r = client.post(reverse("practice:case_submit"), {**CASE, "activity": activity.pk})
    assert r.status_code == 400 and not CaseStudy.objects.exists()  # not among their choices
    case = services.submit_case(by=officer, activities=[activity], data={**CASE, "outcomes": 3, "topic": "youth"})
    assert client.get(reverse("practice:case", args=[case.pk])).status_code == 404
    assert client.post(reverse("practice:case_review", args=[case.pk]), {"decision": "accept"}).status_code == 404
    client.force_login(officer)
    assert client.post(reverse("practice:case_review", args=[case.pk]), {"decision": "accept"}).status_code == 403


def test_the_top_ten_is_published_and_kept(
    client: Any, make_staff: Any, officer: Any, champion: Any, held: Any, ward: Any
) -> None:
    central = make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@met.example.test")
    today = timezone.localdate()
    for i, cost in enumerate(("300", "30", "3")):
        a = held(ward, 30, cost=Decimal(cost), days_ago=1, title=f"Activity {i}")
        case = services.submit_case(
            by=officer, activities=[a], data={**CASE, "title": f"Case {i}", "outcomes": 1, "topic": "asb"}
        )
        services.review_case(by=champion, case=case, accept=True, note="")
    client.force_login(champion)
    assert client.get(reverse("practice:top_ten_manage")).status_code == 403  # a borough champion does not choose
    client.force_login(central)
    start = financial_quarter(today - timedelta(days=1))[2]
    r = client.post(reverse("practice:top_ten_manage"), {"quarter": start.isoformat()})
    assert r.status_code == 302
    top_ten = TopTen.objects.get()
    assert [e.case.title for e in top_ten.entries.all()] == ["Case 2", "Case 1", "Case 0"]
    public = reverse("practice:top_ten_quarter", args=[top_ten.slug])
    client.logout()
    assert client.get(public).status_code == 404  # a draft is not public
    assert "Case 2" not in client.get(reverse("practice:top_ten")).content.decode()
    client.force_login(central)
    entry = top_ten.entries.get(rank=1)
    r = client.post(
        reverse("practice:top_ten_note", args=[top_ten.slug, entry.pk]), {f"e{entry.pk}-note": "<i>Cheapest</i>"}
    )
    assert r.status_code == 302
    r = client.post(reverse("practice:top_ten_publish", args=[top_ten.slug]), {"introduction": "Our best quarter."})
    assert r.status_code == 302
    r = client.post(reverse("practice:top_ten_manage"), {"quarter": start.isoformat()})
    assert r.status_code == 409  # a published quarter is kept as it was
    client.logout()
    html = client.get(reverse("practice:top_ten")).content.decode()
    assert "1. Case 2" in html and "£0.10" in html and "&lt;i&gt;Cheapest&lt;/i&gt;" in html
    assert client.get(public).status_code == 200


def test_refused_decisions_show_the_error_summary(
    client: Any, make_staff: Any, officer: Any, champion: Any, activity: Any
) -> None:
    central = make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@met.example.test")
    case = services.submit_case(by=officer, activities=[activity], data={**CASE, "outcomes": 3})
    client.force_login(champion)
    r = client.post(reverse("practice:case_review", args=[case.pk]), {"note": "No decision chosen"})
    html = r.content.decode()
    assert r.status_code == 400 and "govuk-error-summary" in html and "<title>Error: " in html
    services.review_case(by=champion, case=case, accept=True, note="")
    top_ten = services.draft_top_ten(by=central, day=case.held_on)
    client.force_login(central)
    r = client.post(reverse("practice:top_ten_publish", args=[top_ten.slug]), {"introduction": ""})
    html = r.content.decode()
    assert r.status_code == 400 and "govuk-error-summary" in html and "<title>Error: " in html
    assert 'href="#id_introduction"' in html
    draft = client.get(reverse("practice:top_ten_draft", args=[top_ten.slug])).content.decode()
    assert "govuk-error-summary" not in draft


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    for name in ("practice:library", "practice:case_submit", "practice:top_ten_manage"):
        r = client.get(reverse(name))
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_public_top_ten_is_in_every_live_language(client: Any, settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    html = client.get("/pl/practice/top-10/").content.decode()
    assert "Dobre praktyki: Top 10" in html and "Nie opublikowano jeszcze żadnej listy Top 10." in html
    assert "أفضل 10 ممارسات جيدة" in client.get("/ar/practice/top-10/").content.decode()
    assert client.get("/pl/practice/library/").status_code in (301, 302)  # the staff side keeps one address
