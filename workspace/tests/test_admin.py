"""The Django admin: administrators only, with a second factor, and every change audited."""

from typing import Any

import pytest
from django.urls import reverse

from core.models import AuditEntry, Notification
from organisations.models import Unit


@pytest.fixture
def superuser(administrator: Any) -> Any:
    administrator.is_superuser = administrator.is_staff = True
    administrator.save()
    return administrator


def test_admin_change_is_audited_with_a_field_diff(client: Any, superuser: Any, ward_team: Any) -> None:
    client.force_login(superuser)
    url = reverse("admin:organisations_unit_change", args=[ward_team.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Renamed team",
            "short_name": "",
            "slug": ward_team.slug,
            "kind": ward_team.kind,
            "ward": ward_team.ward_id,
            "borough": ward_team.borough_id,
            "email": ward_team.email,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="unit.changed")
    assert entry.changes == {"name": [ward_team.name, "Renamed team"]}
    assert entry.actor == superuser and entry.note == "Django admin"


def test_admin_create_and_delete_are_audited(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("admin:organisations_unit_add"),
        {"name": "Youth team", "slug": "youth-team", "kind": "business_group", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(slug="youth-team")
    assert AuditEntry.objects.get(action="unit.created").changes["name"] == "Youth team"
    response = client.post(reverse("admin:organisations_unit_delete", args=[unit.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="unit.deleted").object_repr == "Youth team"


def test_admin_user_audit_never_records_the_password(client: Any, superuser: Any, officer: Any) -> None:
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    response = client.post(
        url,
        {
            "email": officer.email,
            "display_name": "New name",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="user.changed")
    assert "display_name" in entry.changes
    assert "password" not in entry.changes


def test_audit_entries_are_read_only(client: Any, superuser: Any, ward_team: Any) -> None:
    from core import audit

    entry = audit.log(superuser, "unit.changed", ward_team)
    client.force_login(superuser)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403


def test_non_superuser_staff_cannot_use_the_admin(client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_superuser_without_second_factor_is_kept_out(client: Any, superuser: Any) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=superuser).delete()
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:core_notification_changelist")).status_code == 302


def test_admin_sign_in_goes_through_the_service_sign_in(client: Any, db: Any) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_places_and_core_models_are_registered(superuser: Any, client: Any) -> None:
    client.force_login(superuser)
    for name in ["places_ward", "places_borough", "core_notification", "accounts_apitoken", "organisations_post"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    Notification.objects.create(user=superuser, message="hi")


def test_admin_adds_a_user_without_recording_the_password(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    url = reverse("admin:accounts_user_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": "new.staff@example.test",
            "password1": "a long new passphrase",
            "password2": "a long new passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="user.created")
    assert entry.changes["email"] == "new.staff@example.test"
    assert "password" not in entry.changes
