"""Changes to guides (each text change a new version) and packs, and packs given and acknowledged; audited."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, NotAllowed, ServiceError
from practice import permissions
from practice.models import Guide, GuideVersion, Pack, PackReceipt

GUIDE_FIELDS = ["slug", "title", "audience", "summary", "owner_role", "review_due"]
PACK_FIELDS = ["slug", "title", "audience", "description", "required"]
RESERVED = {"new", "report", "receipts"}  # addresses of pages beside the guides and packs


def _manager(by: Any) -> None:
    if not permissions.manages_guides(by):
        raise NotAllowed("Only the central engagement champion and administrators change guides and packs.")


@transaction.atomic
def save_guide(
    *, by: Any, guide: Guide | None, data: dict[str, Any], body: str, change_note: str = "", owner: Any = None
) -> Guide:
    _manager(by)
    before = audit.snapshot(guide, GUIDE_FIELDS) if guide is not None else {}
    if data.get("slug") in RESERVED:
        raise ServiceError("Choose another short name: that one is taken by a page.", field="slug")
    if Guide.objects.filter(slug=data["slug"]).exclude(pk=guide.pk if guide else 0).exists():
        raise Conflict("A guide already has that short name.", field="slug")
    if guide is None:
        guide = Guide(**data, owner=owner)
    else:
        for k, v in data.items():
            setattr(guide, k, v)
        guide.owner = owner
    guide.save()
    current = guide.current
    if current is None or current.body != body:
        number = (current.number if current else 0) + 1
        GuideVersion.objects.create(guide=guide, number=number, body=body, change_note=change_note, created_by=by)
        change_note = f"version {number}: {change_note}".rstrip(": ")
    action = "practice.guide.change" if before else "practice.guide.add"
    audit.log(by, action, guide, changes=audit.diff(before, audit.snapshot(guide, GUIDE_FIELDS)), note=change_note)
    return guide


@transaction.atomic
def save_pack(*, by: Any, pack: Pack | None, data: dict[str, Any], guides: Any, briefings: Any) -> Pack:
    _manager(by)
    before = audit.snapshot(pack, PACK_FIELDS) if pack is not None else {}
    if data.get("slug") in RESERVED:
        raise ServiceError("Choose another short name: that one is taken by a page.", field="slug")
    if Pack.objects.filter(slug=data["slug"]).exclude(pk=pack.pk if pack else 0).exists():
        raise Conflict("A pack already has that short name.", field="slug")
    if pack is None:
        pack = Pack(**data)
    else:
        for k, v in data.items():
            setattr(pack, k, v)
    pack.save()
    pack.guides.set(guides)
    pack.briefings.set(briefings)
    after = {**audit.snapshot(pack, PACK_FIELDS), "guides": sorted(g.slug for g in guides)}
    audit.log(by, "practice.pack.change" if before else "practice.pack.add", pack, changes=audit.diff(before, after))
    return pack


def _versions(pack: Pack) -> dict[str, int]:
    out = {}
    for g in pack.guides.all():
        current = g.current
        if current is not None:
            out[g.slug] = current.number
    return out


@transaction.atomic
def give_pack(*, by: Any, pack: Pack, user: Any = None, member: Any = None, on: date | None = None) -> PackReceipt:
    """Record that a pack was given to a member of staff or a group member (the guides' versions with it)."""
    _manager(by)
    if (user is None) == (member is None):
        raise ServiceError("Choose one person to give the pack to.", field="user")
    found = PackReceipt.objects.filter(pack=pack, **({"user": user} if user is not None else {"member": member}))
    if found.exists():
        raise Conflict("That person already has this pack.")
    receipt = PackReceipt.objects.create(
        pack=pack, user=user, member=member, sent_on=on or timezone.localdate(), sent_by=by, versions=_versions(pack)
    )
    audit.log(by, "practice.pack.give", pack, note=f"receipt {receipt.pk}")
    return receipt


@transaction.atomic
def acknowledge(*, by: Any, receipt: PackReceipt) -> PackReceipt:
    """The member of staff who was given a pack says they have read it (a group member's is recorded for them)."""
    if receipt.user_id is not None and receipt.user_id != getattr(by, "pk", None):
        raise NotAllowed("Only the person given a pack acknowledges it.")
    if receipt.member_id is not None:
        _manager(by)
    if receipt.acknowledged_at is not None:
        raise Conflict("This pack has already been acknowledged.")
    receipt.acknowledged_at = timezone.now()
    receipt.save(update_fields=["acknowledged_at"])
    audit.log(by, "practice.pack.acknowledge", receipt.pack, note=f"receipt {receipt.pk}")
    return receipt
