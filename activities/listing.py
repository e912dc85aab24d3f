"""The register list's rows as plain text, made in Python: the template then only places them (it read three
choice labels, the places and the unit of each of 50 activities through template lookups, which cost more than
the queries behind the page)."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as date_format

from activities.models import Activity
from places import reference
from places.models import Borough, Ward

SHOWN_WARDS = 3


@dataclass(frozen=True)
class Row:
    url: str
    title: str
    kind: str  # method · tier
    when: str
    repeats: str  # "Weekly to 5 Mar 2027", or empty
    where: str
    unit: str
    status: str


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def where(activity: Activity, wards: list[Ward], boroughs: list[Borough]) -> str:
    """The places of an activity as the list shows them: London-wide, or its first wards and its boroughs."""
    if activity.london_wide:
        return "London-wide"
    text = ", ".join(w.name for w in wards[:SHOWN_WARDS])
    if len(wards) > SHOWN_WARDS:
        text += f" and {len(wards) - SHOWN_WARDS} more"
    whole = ", ".join(f"{b.name} (all)" for b in boroughs)
    return f"{text} {whole}".strip() if whole else text


def rows(activities: list[Activity]) -> list[Row]:
    """The rows of a page of the register (the activities read with their unit and, by
    `places.reference.with_place_ids`, their places' ids)."""
    places = reference.places_of(activities)
    methods, tiers = _labels(Activity.Method.choices), _labels(Activity.Tier.choices)
    statuses, recurrences = _labels(Activity.Status.choices), _labels(Activity.Recurrence.choices)
    out = []
    for a in activities:
        repeats = ""
        if a.recurrence:
            until = date_format(a.repeat_until, "j M Y") if a.repeat_until else ""
            repeats = f"{recurrences.get(a.recurrence, a.recurrence)} to {until}"
        unit = a.organising_unit
        out.append(
            Row(
                url=a.get_absolute_url(),
                title=a.title,
                kind=f"{methods.get(a.method, a.method)} · {tiers.get(a.tier, a.tier)}",
                when=date_format(timezone.localtime(a.starts_at), "j M Y, H:i"),
                repeats=repeats,
                where=where(a, *places[a]),
                unit=(unit.short_name or unit.name) if unit else "",
                status=statuses.get(a.status, a.status),
            )
        )
    return out
