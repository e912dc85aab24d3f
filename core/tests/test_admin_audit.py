"""Every change made in the Django admin, to any model, is written to the audit log."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.admin import AuditedModelAdmin
from core.models import AuditEntry


@pytest.fixture
def root(make_staff: Any) -> Any:
    from organisations.models import Role

    user = make_staff(Role.ADMINISTRATOR, london_wide=True, email="root@police.example.test")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def admin_client(client: Client, root: Any) -> Client:
    client.force_login(root)
    return client


def test_every_registered_model_admin_is_audited() -> None:
    unaudited = [m._meta.label for m, a in admin.site._registry.items() if not isinstance(a, AuditedModelAdmin)]
    assert unaudited == []


def test_adding_a_group_in_the_admin_is_audited(admin_client: Client, root: Any) -> None:
    response = admin_client.post(reverse("admin:auth_group_add"), {"name": "Analysts"})
    assert response.status_code == 302
    group = Group.objects.get(name="Analysts")
    entry = AuditEntry.objects.get(action="group.created")
    assert entry.actor == root and entry.object_id == str(group.pk) and entry.note == "Django admin"


def test_changing_an_email_address_in_the_admin_is_audited_with_the_change(admin_client: Client, officer: Any) -> None:
    address = EmailAddress.objects.create(user=officer, email=officer.email, verified=False, primary=True)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = admin_client.post(url, {"user": officer.pk, "email": "changed@police.example.test", "primary": "on"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="emailaddress.changed")
    assert entry.changes["email"] == [officer.email, "changed@police.example.test"]


def test_an_admin_action_is_audited_for_each_record(admin_client: Client, officer: Any, root: Any) -> None:
    address = EmailAddress.objects.create(user=officer, email=officer.email, verified=False, primary=True)
    response = admin_client.post(
        reverse("admin:account_emailaddress_changelist"),
        {"action": "make_verified", "_selected_action": [str(address.pk)]},
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    entry = AuditEntry.objects.get(action="emailaddress.make_verified")
    assert entry.object_id == str(address.pk) and entry.actor == root


def test_deleting_an_authenticator_in_the_admin_is_audited(admin_client: Client, officer: Any) -> None:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=officer)
    response = admin_client.post(reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="authenticator.deleted")
    assert "secret" not in str(entry.changes) and "data" not in entry.changes
