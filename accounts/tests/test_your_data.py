"""Your data: see it, export it as JSON, delete the account."""

import json
from typing import Any

from django.urls import reverse

from accounts.models import User
from accounts.services import create_api_token
from accounts.tests.factories import UserFactory
from core import audit
from core.models import AuditEntry
from organisations.models import Post


def test_account_page_summarises_data(client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Download your data" in html and "Teams and roles" in html  # the organisations part, named plainly


def test_export_combines_every_handler(client: Any, officer: Any) -> None:
    from core import registry

    create_api_token(user=officer, name="my script")
    client.force_login(officer)
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(registry.personal_data.handlers) <= set(data)
    assert data["account"]["email"] == officer.email
    assert data["account"]["api_tokens"][0]["token_name"] == "my script"
    assert data["organisations"][0]["role"] == "Neighbourhood officer"


def test_export_is_limited_per_person_per_hour(client: Any, db: Any) -> None:
    from accounts.views import EXPORTS_PER_HOUR

    client.force_login(UserFactory())
    for _ in range(EXPORTS_PER_HOUR):
        assert client.get(reverse("accounts:data_export")).status_code == 200
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:data_export")).status_code == 200


def test_export_needs_sign_in(client: Any, db: Any) -> None:
    assert client.get(reverse("accounts:data_export")).status_code == 302


def test_delete_needs_confirmation(client: Any, db: Any) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_erases_everything_and_keeps_audit_label(client: Any, officer: Any, ward_team: Any) -> None:
    audit.log(officer, "unit.changed", ward_team)
    client.force_login(officer)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="officer@police.example.test").exists()
    assert not Post.objects.filter(unit=ward_team).exists()
    entry = AuditEntry.objects.get(action="unit.changed")
    assert entry.actor is None and entry.actor_label == "officer@police.example.test"
    erased = AuditEntry.objects.get(action="account.erased")
    assert erased.actor_label == erased.changes["reference"] != "officer@police.example.test"
    assert "_auth_user_id" not in client.session


def test_deleting_the_account_ends_its_sessions_on_every_device(client: Any, db: Any) -> None:
    from django.contrib.sessions.models import Session
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    stranger = Client()
    stranger.force_login(UserFactory())
    assert Session.objects.count() == 3
    client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert Session.objects.count() == 1
    assert other_device.get(reverse("accounts:home")).status_code == 302


def test_a_one_word_name_goes_from_the_persons_own_audit_entries(client: Any, ward: Any) -> None:
    from priorities.services import join_panel

    user = UserFactory(display_name="Zephyrine")
    join_panel(ward=ward, user=user)
    other = UserFactory(display_name="Zephyrine")  # someone else with the same name keeps it
    audit.log(other, "unit.changed", other)
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"confirm": "on"})
    joined = AuditEntry.objects.get(action="priorities.panel.join")
    assert "Zephyrine" not in joined.object_repr
    assert AuditEntry.objects.get(action="unit.changed").object_repr == "Zephyrine"
