"""Members of a community group as recipients, when the `groups` app provides `member_contacts(group)`."""

from typing import Any


def available() -> bool:
    try:
        from groups import queries  # type: ignore[attr-defined]
    except ImportError:
        return False
    return hasattr(queries, "member_contacts")


def groups_in_scope() -> list[Any]:
    if not available():
        return []
    from groups import models as gm  # type: ignore[attr-defined]

    model = getattr(gm, "CommunityGroup", None)
    return list(model.objects.all()[:500]) if model is not None else []


def contacts_for(group_id: int | None) -> list[dict[str, str]]:
    """[{'name', 'email', 'phone'}] of the group's members; empty if the groups app offers no such query."""
    if not group_id or not available():
        return []
    from groups import models as gm  # type: ignore[attr-defined]
    from groups import queries  # type: ignore[attr-defined]

    model = getattr(gm, "CommunityGroup", None)
    if model is None:
        return []
    group = model.objects.filter(pk=group_id).first()
    if group is None:
        return []
    out = []
    for c in queries.member_contacts(group):
        get = c.get if isinstance(c, dict) else (lambda k, c=c: getattr(c, k, ""))
        out.append({"name": get("name") or "", "email": get("email") or "", "phone": get("phone") or ""})
    return out
