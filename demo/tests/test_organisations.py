"""Demo data: the structure and one fictional account per role."""

from typing import Any

from django.core.management import call_command

from organisations.models import Post, Role
from organisations.queries import public_team_members


def test_demo_loader_creates_one_account_per_role_and_is_idempotent(london: None, ward: Any) -> None:
    call_command("load_demo", "--only", "organisations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", "--only", "organisations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo_posts = Post.objects.filter(user__is_demo=True)
    assert {p.role for p in demo_posts} == set(Role.values)
    assert demo_posts.filter(user__email="admin@demo.engagehub.invalid", user__is_superuser=True).exists()
    assert all(p.user.email.endswith("@demo.engagehub.invalid") for p in demo_posts)
    assert demo_posts.count() == 10
    assert len(public_team_members(ward)) == 3
    assert demo_posts.get(user__email="borough-champion@demo.engagehub.invalid").boroughs.get().name == "Lewisham"
