"""The audience groups give alerts (`core.registry.alert_audiences`): the members of an active group in the
sender's places who agreed to be contacted."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.registry import AudienceKind
from groups import queries
from groups.models import CommunityGroup


def in_reach(user: Any, scope: Any) -> list[tuple[int, str]]:
    """Active groups whose area lies in the sender's alert scope (an `organisations.scope.Scope`)."""
    groups = CommunityGroup.objects.filter(is_active=True).select_related("ward", "borough")
    if not scope.london_wide:
        groups = groups.filter(
            Q(level=CommunityGroup.Level.WARD, ward_id__in=scope.all_ward_ids() or set())
            | Q(level=CommunityGroup.Level.BOROUGH, borough_id__in=scope.borough_ids)
        )
    return [(g.pk, str(g)) for g in groups.order_by("level", "name")[:1000]]


def contacts(pk: int) -> list[tuple[str, str, str]]:
    group = CommunityGroup.objects.filter(pk=pk).first()
    return queries.member_contacts(group) if group is not None else []


def describe(pk: int) -> str:
    group = CommunityGroup.objects.filter(pk=pk).first()
    return f"Members of {group}" if group is not None else ""


AUDIENCE = AudienceKind(
    kind="group",
    order=10,
    label=_("Members of a group"),
    none_label=_("No group"),
    help_text="",
    choices=in_reach,
    contacts=contacts,
    describe=describe,
    refused=_("You can only send to the members of groups in places your role covers."),
    nobody="no member of the group has an email address or telephone number",
)
