"""Reads of guides and packs: the packs a person's role needs, and who has not had theirs."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from groups.models import Member
from organisations import queries as organisations_queries
from organisations.models import Role
from practice.models import Audience, Pack, PackReceipt

MEMBER_AUDIENCE = {
    Member.Role.CHAIR: Audience.PANEL_CHAIR,
    Member.Role.VICE_CHAIR: Audience.PANEL_MEMBER,
    Member.Role.SECRETARY: Audience.PANEL_MEMBER,
    Member.Role.MEMBER: Audience.PANEL_MEMBER,
}
# A staff role needs its own audience's packs; a panel chair or group secretary with an account, the chair's.
ROLE_AUDIENCE = {**{str(r): str(r) for r in Role}, str(Role.GROUP_OFFICER): str(Audience.PANEL_CHAIR)}


def needed_by_role(role: str) -> QuerySet[Pack]:
    audience = ROLE_AUDIENCE.get(role)
    return Pack.objects.filter(required=True).filter(Q(audience=audience) | Q(audience=Audience.EVERYONE))


def needed_by_member(role: str) -> QuerySet[Pack]:
    audience = MEMBER_AUDIENCE.get(role)  # type: ignore[call-overload]
    return Pack.objects.filter(required=True, audience=audience) if audience else Pack.objects.none()


def mine(user: Any) -> list[tuple[Pack, PackReceipt | None]]:
    """The packs the user's current posts need, and any pack given to them, each with its receipt."""
    roles = organisations_queries.roles_of(user)
    packs: dict[int, Pack] = {}
    for role in roles:
        packs.update({p.pk: p for p in needed_by_role(role)})
    receipts = {r.pack_id: r for r in PackReceipt.objects.filter(user=user).select_related("pack")}
    packs.update({r.pack_id: r.pack for r in receipts.values()})
    return [(p, receipts.get(p.pk)) for p in sorted(packs.values(), key=lambda p: p.title)]


@dataclass
class Missing:
    who: str
    kind: str  # "Staff" or "Group member"
    role: str
    where: str
    pack: Pack
    state: str  # "Not given" or "Not acknowledged"
    user_id: int | None = None
    member_id: int | None = None


def report(*, state: str = "") -> list[Missing]:
    """Everyone whose role needs a pack they have not been given (or have not acknowledged)."""
    given_users = {(r.pack_id, r.user_id): r for r in PackReceipt.objects.filter(user__isnull=False)}
    given_members = {(r.pack_id, r.member_id): r for r in PackReceipt.objects.filter(member__isnull=False)}
    rows: list[Missing] = []
    role_packs = {str(r): list(needed_by_role(r)) for r in Role}
    seen: set[tuple[int, int]] = set()
    for post in organisations_queries.current_posts_by_person():
        for pack in role_packs.get(post.role, []):
            if (pack.pk, post.user_id) in seen:
                continue
            seen.add((pack.pk, post.user_id))
            receipt = given_users.get((pack.pk, post.user_id))
            if receipt is None or receipt.acknowledged_at is None:
                rows.append(
                    Missing(
                        str(post.user),
                        "Staff",
                        post.get_role_display(),
                        str(post.unit),
                        pack,
                        "Not given" if receipt is None else "Not acknowledged",
                        user_id=post.user_id,
                    )
                )
    member_packs = {str(r): list(needed_by_member(r)) for r in MEMBER_AUDIENCE}
    today = timezone.localdate()
    members = (
        Member.objects.filter(role__in=list(MEMBER_AUDIENCE), term_start__lte=today, group__is_active=True)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("group")
        .order_by("group__name", "name")
    )
    for m in members:
        for pack in member_packs.get(m.role, []):
            if (pack.pk, m.pk) not in given_members:
                rows.append(
                    Missing(
                        m.name, "Group member", m.get_role_display(), m.group.name, pack, "Not given", member_id=m.pk
                    )
                )
    return [r for r in rows if not state or r.state == state]
