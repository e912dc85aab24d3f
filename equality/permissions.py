"""Who may read equality figures: holders of `READ_EQUALITY` whose places cover the whole area of the
context (a group's or consultation's area). Group managers reading their own group's figures are decided by
`groups.permissions` and passed in as `permitted=True`."""

from typing import Any

import rules

from equality import contexts
from organisations.scope import Capability, can_act_in, has_capability


@rules.predicate
def is_equality_reader(user: Any) -> bool:
    return has_capability(user, Capability.READ_EQUALITY)


@rules.predicate
def can_read_context(user: Any, context: str) -> bool:
    """An equality reader whose places cover everywhere the context covers."""
    area = contexts.area_of(context)
    if area is None:
        return False
    return can_act_in(user, Capability.READ_EQUALITY, wards=area.wards, boroughs=area.boroughs, london_wide=area.london)


@rules.predicate
def can_read_area(user: Any, area: contexts.Area) -> bool:
    """An equality reader whose places cover the whole area (for figures across a fixed published area)."""
    return can_act_in(user, Capability.READ_EQUALITY, wards=area.wards, boroughs=area.boroughs, london_wide=area.london)


rules.add_perm("equality.read_figures", is_equality_reader)
rules.add_perm("equality.read_context", can_read_context)
