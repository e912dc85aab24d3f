"""Demonstration data for practice, clearly fictional: the starting guides and packs (real text), a drafted and
agreed engagement plan for Catford South whose review falls due soon, fictional case studies written up from
held activities in the demo register, last quarter's Top 10 published, and packs given to demo staff.
Idempotent: a second run changes nothing."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, CommunityOfInterest
from places.models import Ward
from practice import guides_content, ranking
from practice.evidence import HELD
from practice.models import CaseStudy, Pack, PackReceipt, PlanTarget, TopTen, TopTenEntry, WardPlan, financial_quarter
from practice.services import plans as plan_services

DEMO_DOMAIN = "demo.engagehub.invalid"
DEMO = "(fictional demo)"
CASES = [
    ("Pop-up surgery at the school gates", "youth", Decimal("120.00"), 180, 4),
    ("Night-time economy walkabout with door staff", "asb", Decimal("340.00"), 95, 2),
    ("Coffee with a cop at the market", "trust", Decimal("60.00"), 220, 3),
    ("Online Q&A on stop and search", "stop_search", Decimal("250.00"), 1400, 2),
    ("Faith leaders' safety briefing", "hate", Decimal("90.00"), 35, 2),
]


def _user(key: str) -> Any:
    return get_user_model().objects.filter(email=f"{key}@{DEMO_DOMAIN}").first()


def _plan(stdout: Any) -> None:
    sergeant = _user("team-sergeant")
    ward = Ward.objects.filter(name="Catford South").first()
    if sergeant is None or ward is None or WardPlan.objects.filter(ward=ward).exists():
        return
    plan = plan_services.save_plan(
        by=sergeant,
        ward=ward,
        profile_notes="Fictional demo notes: two estates either side of the South Circular, a busy parade on "
        "Bromley Road and a large secondary school. Residents say they prefer short street briefings to evening "
        "meetings; the last survey put noise and parking first.",
        feedback_mechanism=WardPlan.Feedback.PANEL,
        feedback_details="“You said, we did” at each ward panel meeting and on the ward page within four weeks.",
    )
    for name, methods, why in (
        ("Young people", ["school_visit", "social_media"], "Under-represented among participants"),
        ("Older people", ["street_briefing", "public_meeting"], "Many live alone on the estates"),
    ):
        community = CommunityOfInterest.objects.filter(name=name).first()
        if community is not None:
            plan_services.set_community(by=sergeant, ward=ward, community=community, methods=methods, why=why)
            plan_services.add_target(
                by=sergeant,
                ward=ward,
                data={"community": community, "measure": PlanTarget.Measure.ACTIVITIES, "number": 3},
            )
    plan_services.add_target(
        by=sergeant, ward=ward, data={"measure": PlanTarget.Measure.ATTENDANCE, "number": 150, "note": "Everyone"}
    )
    plan_services.agree_plan(by=sergeant, ward=ward, today=timezone.localdate() - timedelta(days=165))
    stdout.write(f"practice: an agreed engagement plan for {plan.ward.name}\n")


def _cases(stdout: Any) -> None:
    if CaseStudy.objects.filter(title__endswith=DEMO).exists():
        return
    held = list(Activity.objects.filter(status__in=HELD).select_related("organising_unit").order_by("-starts_at")[:5])
    champion = _user("borough-champion")
    for activity, (title, topic, cost, reach, outcomes) in zip(held, CASES, strict=False):
        case = CaseStudy.objects.create(
            title=f"{title} {DEMO}",
            method=activity.method,
            topic=topic,
            unit_name=str(activity.organising_unit)[:200],
            held_on=timezone.localtime(activity.starts_at).date(),
            what="Fictional demonstration case study. Officers set up where people already gather and asked "
            "three questions: what worries you here, when, and what would help.",
            why="The ward's plan showed these residents were rarely among participants.",
            who_took_part="Residents passing by, parents and carers, local traders (fictional).",
            outcome="New contacts for the ward panel and a clearer picture of one local priority (fictional).",
            do_differently="Start earlier in the day and bring leaflets in more languages.",
            cost=cost,
            cost_from=CaseStudy.CostFrom.CASE,
            reach=reach,
            outcomes=outcomes,
            status=CaseStudy.Status.ACCEPTED,
            reviewed_by=champion,
            reviewed_at=timezone.now(),
        )
        case.activities.add(activity)
    stdout.write(f"practice: {min(len(held), len(CASES))} fictional case studies\n")


def _top_ten(stdout: Any) -> None:
    days = sorted({c.held_on for c in CaseStudy.objects.filter(title__endswith=DEMO)})
    for day in days:
        label, slug, start, end = financial_quarter(day)
        if end >= timezone.localdate() or TopTen.objects.filter(label=label).exists():
            continue
        cases = CaseStudy.objects.filter(status=CaseStudy.Status.ACCEPTED, held_on__gte=start, held_on__lte=end)
        best = ranking.top(cases)
        if not best:
            continue
        top_ten = TopTen.objects.create(
            label=label,
            slug=slug,
            starts_on=start,
            ends_on=end,
            status=TopTen.Status.PUBLISHED,
            introduction="Fictional demonstration Top 10.",
            published_at=timezone.now(),
        )
        for i, r in enumerate(best, start=1):
            TopTenEntry.objects.create(
                top_ten=top_ten,
                case=r.case,
                rank=i,
                cost_per_person=r.cost_per_person,
                cost_per_outcome=r.cost_per_outcome,
                note="Cheap to run and easy for any team to copy (fictional reviewers' note).",
            )
        stdout.write(f"practice: the {label} Top 10 published\n")


def _receipts() -> None:
    central = _user("central-champion")
    for key, slug, acknowledged in (
        ("team-sergeant", "neighbourhood-officer-pack", True),
        ("group-officer", "ward-panel-chair-pack", False),
    ):
        user, pack = _user(key), Pack.objects.filter(slug=slug).first()
        if user is None or pack is None or PackReceipt.objects.filter(pack=pack, user=user).exists():
            continue
        PackReceipt.objects.create(
            pack=pack,
            user=user,
            sent_on=timezone.localdate() - timedelta(days=20),
            sent_by=central,
            acknowledged_at=timezone.now() - timedelta(days=18) if acknowledged else None,
        )


@transaction.atomic
def load(stdout: Any) -> None:
    guides, packs = guides_content.seed()
    stdout.write(f"practice: {guides} guides and {packs} packs added\n")
    _plan(stdout)
    _cases(stdout)
    _top_ten(stdout)
    _receipts()
