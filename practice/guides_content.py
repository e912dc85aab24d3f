"""The guides and packs the service starts with: written for Engagement Hub and the commitments it serves
(every ward with a bespoke engagement plan reviewed every six months, local priorities set with the public,
feedback on what was done, no engagement in a ward without consulting its team, fair representation).

`seed()` adds any guide or pack that is missing and never changes one that exists (owners keep them current).
Migration 0005 runs it, so a fresh install has them without the demo; the demo's loader runs it again (adding
nothing that is there).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from practice.models import Audience, Guide, GuideVersion, Pack

A = Audience
TEXTS = Path(__file__).resolve().parent / "guide_texts"  # one plain-text file per guide, named by its slug
CENTRAL = "Central engagement champion"

GUIDES: list[dict[str, Any]] = [
    {
        "slug": "running-a-ward-panel-meeting",
        "title": "Running a ward panel meeting",
        "audience": A.PANEL_CHAIR,
        "summary": "Before, during and after a ward panel meeting: agenda, quorum, priorities, minutes and actions.",
    },
    {
        "slug": "setting-ward-priorities",
        "title": "Setting ward priorities",
        "audience": A.PANEL_CHAIR,
        "summary": "How the panel and the team choose, word, review and close the ward's policing priorities.",
    },
    {
        "slug": "you-said-we-did",
        "title": "Giving “you said, we did” feedback",
        "audience": A.NEIGHBOURHOOD_OFFICER,
        "summary": "Telling people what happened after they took part: what to write, where, and how soon.",
    },
    {
        "slug": "avoiding-consultation-fatigue",
        "title": "Avoiding consultation fatigue",
        "audience": A.ENGAGEMENT_LEAD,
        "summary": "Check what a ward or community has been asked before you ask again, and share what you learn.",
    },
    {
        "slug": "consulting-the-local-team",
        "title": "Consulting the local team before engaging in its ward",
        "audience": A.ENGAGEMENT_LEAD,
        "summary": "Any unit engaging in a ward asks its neighbourhood team first: how prior consultation works.",
    },
    {
        "slug": "equality-monitoring",
        "title": "Equality monitoring",
        "audience": A.EVERYONE,
        "summary": "Why we ask who takes part, how the answers are kept, and how to read the comparisons.",
    },
    {
        "slug": "keeping-the-ward-engagement-plan",
        "title": "Keeping the ward engagement plan",
        "audience": A.NEIGHBOURHOOD_OFFICER,
        "summary": "Drafting, agreeing and reviewing your ward's bespoke engagement plan every six months.",
    },
    {
        "slug": "your-role-as-a-panel-member",
        "title": "Your role as a ward panel member",
        "audience": A.PANEL_MEMBER,
        "summary": "What panel members do, what to expect from the team, and how your personal data is handled.",
    },
    {
        "slug": "curating-good-practice",
        "title": "Curating good practice and the Top 10",
        "audience": A.BOROUGH_CHAMPION,
        "summary": "Reviewing case studies for the library and choosing the quarterly Top 10 by cost-effectiveness.",
    },
]

PACKS: list[dict[str, Any]] = [
    {
        "slug": "ward-panel-chair-pack",
        "title": "Ward panel chair's pack",
        "audience": A.PANEL_CHAIR,
        "description": "Everything a new ward panel chair needs in their first month.",
        "guides": [
            "running-a-ward-panel-meeting",
            "setting-ward-priorities",
            "you-said-we-did",
            "avoiding-consultation-fatigue",
            "equality-monitoring",
        ],
    },
    {
        "slug": "ward-panel-member-pack",
        "title": "Ward panel member's pack",
        "audience": A.PANEL_MEMBER,
        "description": "An introduction for new members of a ward panel.",
        "guides": ["your-role-as-a-panel-member", "setting-ward-priorities", "equality-monitoring"],
    },
    {
        "slug": "neighbourhood-officer-pack",
        "title": "Neighbourhood officer's pack",
        "audience": A.NEIGHBOURHOOD_OFFICER,
        "description": "For officers and staff joining a neighbourhood team.",
        "guides": [
            "keeping-the-ward-engagement-plan",
            "you-said-we-did",
            "running-a-ward-panel-meeting",
            "setting-ward-priorities",
            "avoiding-consultation-fatigue",
            "equality-monitoring",
        ],
    },
    {
        "slug": "engagement-lead-pack",
        "title": "Unit engagement lead's pack",
        "audience": A.ENGAGEMENT_LEAD,
        "description": "For leads planning engagement across wards that are not their own.",
        "guides": [
            "consulting-the-local-team",
            "avoiding-consultation-fatigue",
            "you-said-we-did",
            "equality-monitoring",
        ],
    },
    {
        "slug": "engagement-champion-pack",
        "title": "Engagement champion's pack",
        "audience": A.BOROUGH_CHAMPION,
        "description": "For borough engagement champions.",
        "guides": [
            "curating-good-practice",
            "keeping-the-ward-engagement-plan",
            "consulting-the-local-team",
            "equality-monitoring",
        ],
    },
]


@transaction.atomic
def seed(apps: Any = None) -> tuple[int, int]:
    """Add the missing guides (as version 1) and packs; returns how many of each were added. A migration passes
    its `apps`, so the models are those of its point in the history."""
    if apps is not None:
        guide_model, version_model, pack_model = (
            apps.get_model("practice", m) for m in ("Guide", "GuideVersion", "Pack")
        )
    else:
        guide_model, version_model, pack_model = Guide, GuideVersion, Pack
    today = timezone.localdate()
    guides_added = packs_added = 0
    for g in GUIDES:
        fields = {k: v for k, v in g.items() if k != "slug"}
        guide, created = guide_model.objects.get_or_create(
            slug=g["slug"], defaults={**fields, "owner_role": CENTRAL, "review_due": today + timedelta(days=365)}
        )
        if created:
            body = (TEXTS / f"{g['slug']}.txt").read_text(encoding="utf-8").strip()
            version_model.objects.create(guide=guide, number=1, body=body, change_note="First version")
            guides_added += 1
    for p in PACKS:
        fields = {k: v for k, v in p.items() if k not in ("slug", "guides")}
        pack, created = pack_model.objects.get_or_create(slug=p["slug"], defaults=fields)
        if created:
            pack.guides.set(guide_model.objects.filter(slug__in=p["guides"]))
            packs_added += 1
    return guides_added, packs_added
