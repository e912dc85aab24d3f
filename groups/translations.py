"""A community group's own words on its public pages (its name and what it does) that staff may translate."""

from typing import Any

from django.db.models import QuerySet

from core import registry
from groups import permissions
from groups.models import CommunityGroup
from groups.services import common


def texts(group: CommunityGroup) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(group, "name", "Name"),
        registry.SourceText.of(group, "purpose", "What the group does"),
    ]


def translatable_groups(user: Any) -> QuerySet[CommunityGroup]:
    """The groups the user may manage: whoever may change a group may translate its texts."""
    return permissions.manageable(user).select_related("ward__borough", "borough").order_by("name")


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="group",
            label="Community group",
            order=40,
            model=CommunityGroup,
            editable=translatable_groups,
            texts=texts,
            describe=lambda group: group.name,
            back_url=lambda group: group.get_absolute_url(),
            changed=common.invalidate_pages,
            everything=lambda: CommunityGroup.objects.filter(is_public=True, is_active=True),
        )
    )
