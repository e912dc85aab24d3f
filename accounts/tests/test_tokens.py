"""Personal API tokens: pages, command, and how the API treats them."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import create_api_token, revoke_api_token

POSTS_URL = "/api/v1/organisations/units/{}/posts"


def _get(client: Any, url: str, token: str) -> Any:
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_staff_creates_a_token_shown_once(client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.post(reverse("accounts:tokens"), {"name": "Reporting script", "expires_in_days": "90"})
    assert response.status_code == 200
    raw = response.context["new_key"]
    assert raw.startswith("ehk_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=officer)
    assert token.key_hash == ApiToken.hash_key(raw) and raw not in token.key_hash
    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert "Reporting script" in listing and raw not in listing


def test_token_without_name_is_refused_on_the_form(client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.post(reverse("accounts:tokens"), {"name": "", "expires_in_days": "90"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_member_of_the_public_cannot_create_tokens(client: Any, db: Any) -> None:
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("accounts:tokens")).status_code == 403


def test_staff_revokes_a_token(client: Any, officer: Any, ward_team: Any) -> None:
    token, raw = create_api_token(user=officer, name="old")
    client.force_login(officer)
    response = client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert _get(client, POSTS_URL.format(ward_team.slug), raw).status_code == 401


def test_cannot_revoke_someone_elses_token(client: Any, officer: Any, administrator: Any) -> None:
    token, _ = create_api_token(user=administrator, name="admin's")
    client.force_login(officer)
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404


def test_command_prints_a_working_token(client: Any, officer: Any, ward_team: Any) -> None:
    out = StringIO()
    call_command("create_api_token", officer.email, "--name", "cron", stdout=out)
    raw = out.getvalue().strip()
    assert ApiToken.objects.get(user=officer).name == "cron"
    assert _get(client, POSTS_URL.format(ward_team.slug), raw).status_code == 200


def test_command_refuses_unknown_email(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@example.test")


def test_valid_token_authenticates_as_its_user(client: Any, officer: Any, ward_team: Any) -> None:
    _, raw = create_api_token(user=officer, name="t")
    response = _get(client, POSTS_URL.format(ward_team.slug), raw)
    assert response.status_code == 200
    assert ApiToken.objects.get(user=officer).last_used_at is not None


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "malformed"])
def test_bad_token_gives_401_json(client: Any, officer: Any, ward_team: Any, state: str) -> None:
    token, raw = create_api_token(user=officer, name="t")
    header = f"Bearer {raw}"
    if state == "revoked":
        revoke_api_token(token, by=officer)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "unknown":
        header = "Bearer ehk_not-a-real-token"
    else:
        header = f"Token {raw}"
    response = client.get(POSTS_URL.format(ward_team.slug), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "token" in response.json()["detail"]


def test_token_of_a_deactivated_user_is_refused(client: Any, officer: Any, ward_team: Any) -> None:
    _, raw = create_api_token(user=officer, name="t")
    officer.is_active = False
    officer.save()
    assert _get(client, POSTS_URL.format(ward_team.slug), raw).status_code == 401


def test_token_has_the_same_permissions_as_the_pages(client: Any, officer: Any) -> None:
    _, raw = create_api_token(user=officer, name="t")
    response = client.post(
        "/api/v1/organisations/units",
        {"name": "X", "kind": "business_group"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    client.force_login(officer)
    assert client.get(reverse("organisations:unit_create")).status_code == 403


def test_me_tells_a_token_holder_who_they_are(client: Any, officer: Any) -> None:
    _, raw = create_api_token(user=officer, name="t")
    data = _get(client, "/api/v1/account/me", raw).json()
    assert data["email"] == officer.email
    assert "plan_activity" in data["capabilities"] and "administer" not in data["capabilities"]
    assert data["posts"][0]["covers"].startswith("Catford South")


def test_me_refuses_anonymous_callers(client: Any, db: Any) -> None:
    assert client.get("/api/v1/account/me").status_code == 403
