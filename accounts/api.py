"""API v1: Accounts. Who the caller is and what they may do."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from core.api_caller import api_user
from organisations.queries import describe_scope
from organisations.scope import Capability, current_posts, has_capability

router = Router(tags=["Accounts"])


class MyPostOut(Schema):
    unit: str
    unit_slug: str
    role: str
    covers: str


class MeOut(Schema):
    email: str
    display_name: str
    is_staff_member: bool
    capabilities: list[str]
    posts: list[MyPostOut]


@router.get("/me", response=MeOut, summary="The signed-in caller")
def me(request: HttpRequest) -> dict:
    """The person the session or API token belongs to, their posts and the capabilities they hold."""
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Sign in or send an API token (Authorization: Bearer <token>).")
    posts = current_posts(user)
    return {
        "email": user.email,
        "display_name": str(user),
        "is_staff_member": has_capability(user, Capability.WORKSPACE),
        "capabilities": sorted(c.value for c in Capability if has_capability(user, c)),
        "posts": [
            {"unit": str(p.unit), "unit_slug": p.unit.slug, "role": p.role, "covers": describe_scope(p)} for p in posts
        ],
    }
