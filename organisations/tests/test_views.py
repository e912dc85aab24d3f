"""Staff pages for units and posts."""

from typing import Any

from django.urls import reverse

from core.models import AuditEntry
from organisations.models import Post, Role, Unit
from organisations.tests.factories import PostFactory, UnitFactory


def test_unit_list_needs_staff(client: Any, db: Any) -> None:
    response = client.get(reverse("organisations:units"))
    assert response.status_code == 302


def test_unit_list_filters_by_kind_and_text(client: Any, officer: Any, ward_team: Any) -> None:
    UnitFactory(name="Traffic", short_name="CO15")
    client.force_login(officer)
    response = client.get(reverse("organisations:units"), {"kind": "neighbourhood_team"})
    assert ward_team.name in response.content.decode()
    assert "Traffic" not in response.content.decode()
    response = client.get(reverse("organisations:units"), {"q": "co15"})
    assert "Traffic" in response.content.decode()


def test_unit_list_paginates(client: Any, officer: Any) -> None:
    for _ in range(55):
        UnitFactory()
    client.force_login(officer)
    response = client.get(reverse("organisations:units"), {"page": 2})
    assert "Page 2 of 2" in response.content.decode()


def test_unit_detail_lists_posts(client: Any, officer: Any, ward_team: Any) -> None:
    client.force_login(officer)
    response = client.get(reverse("organisations:unit", args=[ward_team.slug]))
    assert response.status_code == 200
    assert str(officer) in response.content.decode()
    assert "Change unit" not in response.content.decode()


def test_officer_cannot_edit_a_unit(client: Any, officer: Any, ward_team: Any) -> None:
    client.force_login(officer)
    response = client.post(reverse("organisations:unit_edit", args=[ward_team.slug]), {"name": "x"})
    assert response.status_code == 403


def test_administrator_edits_a_unit_with_audit(client: Any, administrator: Any, ward_team: Any) -> None:
    client.force_login(administrator)
    url = reverse("organisations:unit_edit", args=[ward_team.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Catford South SNT",
            "kind": "neighbourhood_team",
            "ward": ward_team.ward_id,
            "borough": ward_team.borough_id,
            "is_active": "on",
            "email": ward_team.email,
        },
    )
    assert response.status_code == 302
    ward_team.refresh_from_db()
    assert ward_team.name == "Catford South SNT"
    entry = AuditEntry.objects.get(action="unit.changed", object_id=str(ward_team.pk))
    assert entry.changes["name"][1] == "Catford South SNT"
    assert entry.actor == administrator


def test_administrator_adds_a_unit(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:unit_create"),
        {"name": "Youth Engagement Team", "short_name": "YET", "kind": "business_group", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(short_name="YET")
    assert AuditEntry.objects.filter(action="unit.created", object_id=str(unit.pk)).exists()


def test_invalid_unit_form_keeps_input_and_says_why(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:unit_create"), {"name": "", "short_name": "Keep me", "kind": "business_group"}
    )
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_administrator_adds_a_post_scoped_to_a_ward(client: Any, administrator: Any, ward_team: Any, ward: Any) -> None:
    from accounts.tests.factories import UserFactory

    person = UserFactory(email="new.officer@example.test")
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:post_create", args=[ward_team.slug]),
        {
            "email": "new.officer@example.test",
            "role": Role.NEIGHBOURHOOD_OFFICER,
            "job_title": "PCSO",
            "wards": [ward.pk],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(user=person)
    assert list(post.wards.all()) == [ward]
    assert AuditEntry.objects.filter(action="post.created", object_id=str(post.pk)).exists()


def test_post_for_unknown_email_is_refused_on_the_form(client: Any, administrator: Any, ward_team: Any) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:post_create", args=[ward_team.slug]),
        {"email": "nobody@example.test", "role": Role.PARTNER},
    )
    assert response.status_code == 400
    assert "No account uses this email address" in response.content.decode()


def test_borough_administrator_cannot_grant_london_wide_post(
    client: Any, make_staff: Any, ward_team: Any, lewisham: Any
) -> None:
    from accounts.tests.factories import UserFactory

    admin = make_staff(Role.ADMINISTRATOR, boroughs=(lewisham,))
    UserFactory(email="someone@example.test")
    client.force_login(admin)
    response = client.post(
        reverse("organisations:post_create", args=[ward_team.slug]),
        {"email": "someone@example.test", "role": Role.CENTRAL_CHAMPION, "london_wide": "on"},
    )
    assert response.status_code == 400
    assert "within your own area" in response.content.decode()
    assert not Post.objects.filter(user__email="someone@example.test").exists()


def test_borough_administrator_cannot_edit_posts_in_another_borough(
    client: Any, make_staff: Any, lewisham: Any, other_ward: Any
) -> None:
    admin = make_staff(Role.ADMINISTRATOR, boroughs=(lewisham,))
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    post = PostFactory(unit=team, role=Role.NEIGHBOURHOOD_OFFICER)
    client.force_login(admin)
    assert client.get(reverse("organisations:post_edit", args=[post.pk])).status_code == 403
    assert client.post(reverse("organisations:post_remove", args=[post.pk])).status_code == 403


def test_administrator_changes_and_removes_a_post(client: Any, administrator: Any, officer: Any) -> None:
    post = officer.posts.get()
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:post_edit", args=[post.pk]),
        {"role": Role.NEIGHBOURHOOD_OFFICER, "job_title": "PCSO", "listed_publicly": "on"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.job_title == "PCSO" and post.listed_publicly
    assert AuditEntry.objects.get(action="post.changed").changes["job_title"][1] == "PCSO"
    confirm = client.get(reverse("organisations:post_remove", args=[post.pk]))
    assert "Remove the post of" in confirm.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()
    response = client.post(reverse("organisations:post_remove", args=[post.pk]))
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert AuditEntry.objects.filter(action="post.removed").exists()


def test_staff_without_authenticator_is_sent_to_enrol(client: Any, make_staff: Any, ward_team: Any) -> None:
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, mfa=False)
    client.force_login(user)
    response = client.get(reverse("organisations:units"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_unit_list_exports_filtered_csv(client: Any, officer: Any, ward_team: Any) -> None:
    UnitFactory(name="Traffic", short_name="CO15")
    client.force_login(officer)
    response = client.get(reverse("organisations:units_csv"), {"kind": "neighbourhood_team"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert ward_team.name in body and "Traffic" not in body
    assert body.splitlines()[0].startswith("slug,name,short_name,kind")


def test_a_unit_cannot_sit_under_a_neighbourhood_team(client: Any, administrator: Any, ward_team: Any) -> None:
    unit = UnitFactory(name="Youth Engagement Team", kind=Unit.Kind.BUSINESS_GROUP)
    client.force_login(administrator)
    url = reverse("organisations:unit_edit", args=[unit.slug])
    response = client.post(
        url, {"name": unit.name, "kind": "business_group", "parent": ward_team.pk, "is_active": "on"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    unit.refresh_from_db()
    assert unit.parent is None
