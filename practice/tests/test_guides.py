"""Guides and packs: seeded guides, versions, safe rendering, packs given and acknowledged, who lacks one."""

import io
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from demo import organisations as organisation_demo
from demo import practice as demo
from groups.models import Member
from groups.tests.factories import MemberFactory
from organisations.models import Role
from practice import guides_content, packs
from practice.models import CaseStudy, Guide, Pack, PackReceipt, TopTen, WardPlan

pytestmark = pytest.mark.django_db

GUIDE = {
    "title": "Door knocking safely",
    "slug": "door-knocking",
    "audience": "neighbourhood_officer",
    "summary": "Pairs, times, what to say.",
    "owner_role": "Central engagement champion",
    "owner_email": "",
    "review_due_day": "1",
    "review_due_month": "6",
    "review_due_year": "2027",
    "body": "Go in pairs.\n\n<script>alert(1)</script> is shown as text.",
    "change_note": "",
}


@pytest.fixture
def central(make_staff: Any) -> Any:
    return make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@met.example.test")


@pytest.fixture
def seeded(db: Any) -> None:
    guides_content.seed()


def test_seeding_adds_the_guides_and_packs_once(seeded: None) -> None:
    assert Guide.objects.count() == len(guides_content.GUIDES) == 9
    assert Pack.objects.count() == 5
    assert guides_content.seed() == (0, 0)
    chair = Pack.objects.get(slug="ward-panel-chair-pack")
    assert chair.guides.count() == 5 and all(g.current and g.current.number == 1 for g in chair.guides.all())
    assert "you said" in Guide.objects.get(slug="you-said-we-did").current.body.lower()  # type: ignore[union-attr]


def test_a_fresh_install_has_the_guides_and_packs_from_its_migration(db: Any) -> None:
    apps = MigrationLoader(connection).project_state(("practice", "0005_starting_guides_and_packs")).apps
    Pack.objects.all().delete()
    Guide.objects.all().delete()
    import_module("practice.migrations.0005_starting_guides_and_packs").add_guides(apps, None)
    assert Guide.objects.count() == 9 and Pack.objects.count() == 5
    for guide in Guide.objects.all():
        assert guide.current and guide.current.number == 1 and len(guide.current.body) > 500
        assert guide.owner_role == "Central engagement champion" and guide.review_due > timezone.localdate()
    assert guides_content.seed() == (0, 0)  # the demo's loader adds nothing on top


def test_guides_are_versioned_and_shown_as_text(client: Any, central: Any, officer: Any) -> None:
    client.force_login(central)
    r = client.post(reverse("practice:guide_create"), GUIDE)
    assert r.status_code == 302
    r = client.post(reverse("practice:guide_edit", args=["door-knocking"]), {**GUIDE, "body": "Go in threes."})
    assert r.status_code == 302
    guide = Guide.objects.get(slug="door-knocking")
    assert [v.number for v in guide.versions.all()] == [2, 1]
    client.force_login(officer)
    html = client.get(reverse("practice:guide", args=["door-knocking"]), {"version": "1"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "not the current one" in html
    assert client.get(reverse("practice:guide", args=["door-knocking"]), {"version": "9"}).status_code == 404
    assert client.get(reverse("practice:guides")).status_code == 200
    assert client.post(reverse("practice:guide_edit", args=["door-knocking"]), GUIDE).status_code == 403
    assert AuditEntry.objects.filter(action__startswith="practice.guide.").count() == 2


def test_bad_guide_input(client: Any, central: Any) -> None:
    client.force_login(central)
    for bad in ({"slug": "new"}, {"slug": "Not a slug!"}, {"review_due_year": "1890"}, {"owner_email": "x@y.test"}):
        r = client.post(reverse("practice:guide_create"), {**GUIDE, **bad})
        assert r.status_code == 400, bad
    assert client.post(reverse("practice:guide_create"), GUIDE).status_code == 302
    assert client.post(reverse("practice:guide_create"), GUIDE).status_code == 409
    assert Guide.objects.filter(slug=GUIDE["slug"]).count() == 1


def test_a_new_chair_receives_and_acknowledges_the_chairs_pack(
    client: Any, seeded: None, central: Any, make_staff: Any, officer: Any
) -> None:
    chair = make_staff(Role.GROUP_OFFICER, london_wide=False, email="chair@panel.example.test")
    member = MemberFactory(role=Member.Role.CHAIR, name="Fictional Chair")
    pack = Pack.objects.get(slug="ward-panel-chair-pack")
    missing = {(r.who, r.pack.slug, r.state) for r in packs.report()}
    assert (str(chair), pack.slug, "Not given") in missing
    assert ("Fictional Chair", pack.slug, "Not given") in missing
    assert (str(officer), "neighbourhood-officer-pack", "Not given") in missing
    client.force_login(central)
    r = client.post(reverse("practice:pack_give", args=[pack.slug]), {"email": "chair@panel.example.test"})
    assert r.status_code == 302
    r = client.post(reverse("practice:pack_give", args=[pack.slug]), {"member": member.pk})
    assert r.status_code == 302
    assert client.post(reverse("practice:pack_give", args=[pack.slug]), {"member": member.pk}).status_code == 409
    receipt = PackReceipt.objects.get(user=chair)
    assert receipt.versions["running-a-ward-panel-meeting"] == 1
    missing = {(r.who, r.pack.slug, r.state) for r in packs.report()}
    assert (str(chair), pack.slug, "Not acknowledged") in missing
    assert not any(who == "Fictional Chair" for who, _p, _s in missing)
    client.force_login(officer)  # someone else's receipt
    assert client.post(reverse("practice:pack_acknowledge", args=[receipt.pk])).status_code == 404
    client.force_login(chair)
    html = client.get(reverse("practice:packs")).content.decode()
    assert "Ward panel chair" in html and "I have read it" in html
    assert client.post(reverse("practice:pack_acknowledge", args=[receipt.pk])).status_code == 302
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is not None
    assert not any(r.who == str(chair) for r in packs.report())
    assert client.get(reverse("practice:pack_report")).status_code == 403
    client.force_login(central)
    html = client.get(reverse("practice:pack_report"), {"state": "Not given"}).content.decode()
    assert "Neighbourhood officer" in html


def test_giving_a_pack_needs_one_known_person(client: Any, seeded: None, central: Any) -> None:
    client.force_login(central)
    url = reverse("practice:pack_give", args=["ward-panel-chair-pack"])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"email": "nobody@example.test"}).status_code == 400
    plain = MemberFactory(role=Member.Role.MEMBER)  # a member, not a chair: not this pack's audience
    assert client.post(url, {"member": plain.pk}).status_code == 400
    assert client.post(url, {"member": "abc"}).status_code == 400
    assert not PackReceipt.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, seeded: None) -> None:
    for name, args in (("practice:guides", []), ("practice:guide", ["equality-monitoring"]), ("practice:packs", [])):
        r = client.get(reverse(name, args=args))
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_demo_loads_once(ward: Any, held: Any, youth: Any) -> None:
    out = io.StringIO()
    organisation_demo.load(out)
    held(ward, 20, days_ago=120)
    demo.load(out)
    demo.load(out)
    plan = WardPlan.objects.get(ward=ward)
    assert plan.status == "agreed" and plan.targets.count() == 2  # young people (no "Older people" here) and everyone
    assert CaseStudy.objects.filter(title__endswith="(fictional demo)").count() == 1
    assert TopTen.objects.filter(status="published").count() <= 1
    assert PackReceipt.objects.count() == 2 and Guide.objects.count() == 9
