"""Starting texts for messages: appeals, meeting invitations, newsletters, and a ward newsletter built
from the sections other apps register in `core.registry.ward_newsletter` (priorities, coming meetings, "we did";
a section that fails is left out)."""

import logging
from collections.abc import Callable
from typing import Any

from core import registry
from places.models import Ward

log = logging.getLogger(__name__)

TEMPLATES: dict[str, dict[str, str]] = {
    "appeal": {
        "kind": "appeal",
        "subject": "Appeal for information: [what happened] in [place]",
        "body": (
            "On [date] at about [time], [what happened] in [street or place].\n\n"
            "We would like to hear from anyone who saw or heard anything, or who has dash-cam or doorbell footage.\n\n"
            "Call 101 quoting reference [CAD number], or reply to this message. To stay anonymous, "
            "call Crimestoppers on 0800 555 111. In an emergency always call 999."
        ),
        "sms_text": "Police appeal: [what happened] in [place] on [date]. Seen anything? Call 101 ref [CAD].",
    },
    "meeting": {
        "kind": "meeting",
        "subject": "You are invited: [meeting] on [date]",
        "body": (
            "Your neighbourhood team invites you to [meeting] on [date] from [time] at [venue, address].\n\n"
            "Come and tell us what matters most in your area, and hear what we have done since the last meeting.\n\n"
            "The venue is step-free. Tell us by replying to this message if you need anything to take part."
        ),
        "sms_text": "Invitation: [meeting], [date] [time] at [venue]. All welcome.",
    },
    "newsletter": {
        "kind": "newsletter",
        "subject": "[Ward] neighbourhood newsletter, [month]",
        "body": (
            "Hello from your Safer Neighbourhood Team.\n\n"
            "What we have been doing: [summary].\n\n"
            "Our priorities: [priorities].\n\n"
            "Coming up: [meetings and events].\n\n"
            "Crime prevention tip: [tip]."
        ),
        "sms_text": "",
    },
}


def _safe(fn: Callable[[], list[str]]) -> list[str]:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - another app's data is optional in a newsletter
        log.warning("newsletter source failed", exc_info=True)
        return []


def ward_newsletter(ward: Ward) -> dict[str, str]:
    """A newsletter for one ward from its latest priorities, meetings and 'we did'."""
    parts = [f"Hello from the {ward.name} Safer Neighbourhood Team."]
    for section in registry.ward_newsletter.ordered():
        lines = _safe(lambda: section.lines(ward))  # noqa: B023 - called at once, in this iteration
        if lines:
            parts.append(section.title + ":\n" + "\n".join(lines))
    if len(parts) == 1:
        parts.append("[Nothing recorded yet: add your news here.]")
    parts.append("Reply to this message to tell us what matters to you.")
    return {
        "kind": "newsletter",
        "subject": f"{ward.name} neighbourhood newsletter",
        "body": "\n\n".join(parts),
        "sms_text": "",
    }


def initial_for(template: str, ward: Ward | None = None) -> dict[str, Any]:
    if template == "ward_newsletter" and ward is not None:
        data: dict[str, Any] = ward_newsletter(ward)
        data["wards"] = [ward.pk]
        return data
    return dict(TEMPLATES.get(template, {}))
