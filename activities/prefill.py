"""Starting to plan an activity from another page: a link to the planning form with some fields filled in.

Other domains build the link with `plan_url` (e.g. a suggestion of reassurance engagement in a ward); the form
takes only these fields from the address, checks them as it checks what is typed, and saves nothing until sent.
"""

from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from activities.models import Activity, CommunityOfInterest
from places.forms import wards_text
from places.models import Ward

MAX_PREFILL = 300  # characters of a prefilled title or purpose


def plan_url(
    *,
    title: str = "",
    purpose: str = "",
    wards: list[Ward] | None = None,
    communities: list[CommunityOfInterest] | None = None,
    tier: str = "",
) -> str:
    """The planning form's address with these fields filled in."""
    params: list[tuple[str, str]] = []
    if title:
        params.append(("title", title))
    if purpose:
        params.append(("purpose", purpose))
    if wards:
        params.append(("wards", wards_text(wards)))
    params += [("communities", str(c.pk)) for c in communities or []]
    if tier:
        params.append(("tier", tier))
    return reverse("activities:create") + ("?" + urlencode(params) if params else "")


def initial_from_query(query: QueryDict) -> dict[str, Any]:
    """The form's initial values from the address: known fields only, bounded; anything else is ignored."""
    initial: dict[str, Any] = {}
    for name in ("title", "purpose", "wards"):
        value = query.get(name, "")
        if value:
            initial[name] = value[: 200 if name == "title" else MAX_PREFILL]
    ids = [int(v) for v in query.getlist("communities")[:20] if v.isdigit() and len(v) < 10]
    if ids:
        initial["communities"] = list(CommunityOfInterest.objects.filter(pk__in=ids, is_active=True))
    if query.get("tier") in Activity.Tier.values:
        initial["tier"] = query["tier"]
    return initial
