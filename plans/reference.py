"""Load the real plans transcribed from the source documents (plans/data/*.json) into the product.

Each file is one plan: its owner, its sections (principles, objectives or strands), commitment statements
and actions with the leads, texts and amounts as printed. A plan already loaded (same key) is left alone,
so loading is safe to repeat.
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from core import audit
from organisations.models import Unit
from organisations.services import ensure_unit
from plans import services
from plans.models import Action, Plan, Rag, Section
from plans.parsing import parse_budget

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_FILES = ["mps_action_plan_2011.json", "mpa_objectives_2006.json", "cpie_priorities_2020.json"]
LOADER = "load_reference_plans"


def read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def _ensure_unit(*, short_name: str, name: str, kind: str, parent: Unit | None) -> Unit:
    return ensure_unit(short_name=short_name, name=name, kind=kind, parent=parent, by=LOADER)


def ensure_units(data: dict[str, Any]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in data.get("units", []):
        parent = units.get(row.get("parent", "")) if row.get("parent") else None
        units[row["short_name"]] = _ensure_unit(
            short_name=row["short_name"], name=row["name"], kind=row["kind"], parent=parent
        )
    return units


@transaction.atomic
def load_plan(data: dict[str, Any]) -> tuple[Plan, bool]:
    """(plan, created). Units are got or created; nothing is duplicated on a second run."""
    existing = Plan.objects.filter(reference_key=data["key"]).first()
    if existing is not None:
        return existing, False
    units = ensure_units(data)
    owner = units.get(data["owner"]) or services.find_lead_unit(data["owner"])
    issued_on = date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None
    plan = services.create_plan(
        by=LOADER,
        data={
            "title": data["title"],
            "slug": services.unique_plan_slug(data["slug"]),
            "owner": owner,
            "period_label": data.get("period_label", ""),
            "issued_on": issued_on,
            "section_label": data.get("section_label", "Principle"),
            "action_label": data.get("action_label", "Action"),
            "summary": data.get("summary", ""),
            "governance": data.get("governance", ""),
            "source": data.get("source", ""),
            "status": data.get("status", Plan.Status.HISTORICAL),
            "is_public": data.get("is_public", True),
            "reference_key": data["key"],
        },
    )
    plan.notes = data.get("notes", [])
    plan.save(update_fields=["notes"])
    order = 0
    sections_by_key: dict[str, Section] = {}
    for s_order, s in enumerate(data["sections"], start=1):
        section = services.add_section(
            plan,
            by=LOADER,
            data={
                "number": s.get("number", ""),
                "title": s["title"],
                "statement": s.get("statement", ""),
                "equality_impact": s.get("equality_impact", ""),
                "comments": s.get("comments", ""),
                "source_note": s.get("source_note", ""),
                "order": s_order,
            },
        )
        sections_by_key[s.get("key", s.get("number", ""))] = section
        commitments = [services.add_commitment(section, by=LOADER, text=t) for t in s.get("commitments", [])]
        for a in s.get("actions", []):
            order += 1
            action = services.save_action(
                plan,
                by=LOADER,
                data={
                    "reference": a["reference"],
                    "order": order,
                    "section": section,
                    "commitment": commitments[a["commitment"]] if a.get("commitment") is not None else None,
                    "description": a["description"],
                    "sub_points": a.get("sub_points", []),
                    "lead_text": a.get("lead", ""),
                    "lead_units": [units[u] for u in a.get("lead_units", [])],
                    "outcome": a.get("outcome", ""),
                    "performance_measure": a.get("measure", ""),
                    "deadline_text": a.get("deadline", ""),
                    "budget": parse_budget(a.get("budget", "")),
                    "budget_text": a.get("budget", ""),
                    "source_note": a.get("source_note", ""),
                },
            )
            if not a.get("lead_units"):
                action.lead_text = a.get("lead", "")
                action.save(update_fields=["lead_text"])
            _seed_progress(data, action, a)
    for p in data.get("priorities", []):
        order += 1
        strands = _strands(p["strand"], sections_by_key)
        action = services.save_action(
            plan,
            by=LOADER,
            data={
                "reference": p["reference"],
                "order": order,
                "section": strands[0],
                "other_sections": strands[1:],
                "description": p["description"],
                "lead_units": [units[data["owner"]]],
                "lead_text": "",
            },
        )
        action.section_text = p["strand"]
        action.save(update_fields=["section_text"])
    audit.log(LOADER, "plan.reference_loaded", plan, changes={"key": data["key"], "actions": plan.actions.count()})
    return plan, True


def _strands(printed: str, sections: dict[str, Section]) -> list[Section]:
    if printed.strip().lower() == "all":
        return list(sections.values())
    out = []
    for key in sorted(sections, key=len, reverse=True):
        if key in printed:
            out.append((printed.index(key), sections[key]))
            printed = printed.replace(key, "\0" * len(key))
    return [s for _, s in sorted(out, key=lambda t: t[0])]


def _seed_progress(data: dict[str, Any], action: Action, a: dict[str, Any]) -> None:
    paragraphs = [p for p in a.get("progress", []) if p.strip()]
    if not paragraphs:
        return
    status = a.get("status", Rag.NOT_RECORDED)
    services.add_progress(
        action,
        by=LOADER,
        reported_on=date.fromisoformat(data["progress_on"]),
        narrative="\n\n".join(paragraphs),
        status=status,
        by_label=data.get("progress_by", data["title"]),
    )


def load_all(stdout: Any = None) -> list[tuple[Plan, bool]]:
    results = []
    for name in REFERENCE_FILES:
        plan, created = load_plan(read(name))
        results.append((plan, created))
        if stdout is not None:
            verb = "Loaded" if created else "Already loaded"
            stdout.write(f"{verb}: {plan.title} ({plan.actions.count()} {plan.action_label.lower()} entries)\n")
    return results


def printed_totals(name: str) -> dict[str, str | None]:
    """The budget totals per section as printed in the source file, for checking the computed ones."""
    return {s["number"]: s.get("printed_total") for s in read(name)["sections"]}
