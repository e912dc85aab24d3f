"""Demo data: the real plans from the source documents, and one clearly fictional active plan whose
actions are led by the demo staff's units, so progress, flagging and board reports can be tried."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from plans import reference, services
from plans.models import Plan, Rag

DEMO_KEY = "demo-active-plan"
BY = "load_demo"

ACTIONS: list[dict[str, Any]] = [
    {
        "reference": "1.1",
        "section": "1",
        "description": "Every ward page shows how to join the ward panel and when it next meets (demo action).",
        "lead_text": "TP (SN)",
        "outcome": "People know how to get involved in their ward.",
        "performance_measure": "Share of ward pages with a current panel date",
        "deadline_days": 120,
        "budget": "2500",
        "progress": [(-20, Rag.ON_TRACK, "Template agreed; 12 boroughs updated (demo).")],
    },
    {
        "reference": "1.2",
        "section": "1",
        "description": "Road safety briefings for young cyclists in three boroughs (demo action).",
        "lead_text": "CO15",
        "outcome": "Fewer young cyclists hurt on the roads.",
        "performance_measure": "Briefings held; attendance",
        "deadline_days": -10,
        "budget": "4000",
        "progress": [(-100, Rag.AT_RISK, "Two of three venues confirmed (demo).")],
    },
    {
        "reference": "2.1",
        "section": "2",
        "description": "Publish 'we asked, you said, we did' for every ward panel priority (demo action).",
        "lead_text": "TP (SN)",
        "outcome": "Residents see what happened after they raised a problem.",
        "performance_measure": "Priorities with a published update within 28 days",
        "deadline_days": 200,
        "budget": "",
        "progress": [],
    },
]


@transaction.atomic
def load_demo_plan(stdout: Any = None) -> Plan | None:
    if Plan.objects.filter(reference_key=DEMO_KEY).exists():
        return None
    owner = services.find_lead_unit("MPS")
    if owner is None or any(not services.find_lead_unit(a["lead_text"]) for a in ACTIONS):
        return None
    today = timezone.localdate()
    plan = services.create_plan(
        by=BY,
        data={
            "title": "Neighbourhood engagement action plan (demo)",
            "owner": owner,
            "period_label": f"{today.year}/{str(today.year + 1)[-2:]}",
            "issued_on": today - timedelta(days=150),
            "summary": "A fictional plan for trying out progress updates, flagging and board reports.",
            "status": Plan.Status.ACTIVE,
            "is_public": True,
            "reference_key": DEMO_KEY,
            "source": "Fictional demo data.",
        },
    )
    sections = {
        "1": services.add_section(plan, by=BY, data={"number": "1", "title": "Information"}),
        "2": services.add_section(plan, by=BY, data={"number": "2", "title": "Feedback"}),
    }
    for spec in ACTIONS:
        action = services.save_action(
            plan,
            by=BY,
            data={
                "reference": spec["reference"],
                "section": sections[spec["section"]],
                "description": spec["description"],
                "lead_text": spec["lead_text"],
                "outcome": spec["outcome"],
                "performance_measure": spec["performance_measure"],
                "deadline_text": (today + timedelta(days=spec["deadline_days"])).isoformat(),
                "budget_text": spec["budget"],
            },
        )
        for days, status, text in spec["progress"]:
            services.add_progress(
                action,
                by=BY,
                reported_on=today + timedelta(days=days),
                narrative=text,
                status=status,
                by_label="Demo lead (fictional)",
            )
    if stdout is not None:
        stdout.write(f"Loaded: {plan.title}\n")
    return plan


def load(stdout: Any = None) -> None:
    reference.load_all(stdout)
    load_demo_plan(stdout)
