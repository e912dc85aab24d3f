"""One door for staff: every way in (pages, API by session or token, admin, exports) needs a second factor,
and demo accounts are refused everywhere while demo logins are off."""

from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.services import create_api_token, mark_email_verified
from accounts.tests.factories import UserFactory
from activities.models import Activity
from activities.tests.factories import record
from core.errors import NotAllowed
from organisations.models import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def password_only_staff(make_staff: Any, ward_team: Any) -> Any:
    """A neighbourhood officer who has not set up an authenticator app."""
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="pc.nomfa@example.test", mfa=False)
    mark_email_verified(user)
    return user


def _sign_in_with_password(client: Client, user: Any) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_password_only_staff_session_cannot_read_the_api(client: Client, password_only_staff: Any, ward: Any) -> None:
    record(wards=[ward], title="Ward walk")
    _sign_in_with_password(client, password_only_staff)
    response = client.get("/api/v1/activities/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    assert "Ward walk" not in response.content.decode()


def test_password_only_staff_session_cannot_change_an_activity_through_the_api(
    client: Client, password_only_staff: Any, ward: Any, ward_team: Any
) -> None:
    activity = record(wards=[ward], organising_unit=ward_team)
    _sign_in_with_password(client, password_only_staff)
    response = client.post(
        f"/api/v1/activities/{activity.pk}/status",
        {"status": "cancelled", "cancelled_reason": "Rain"},
        content_type="application/json",
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status != Activity.Status.CANCELLED


def test_password_only_staff_is_sent_to_set_up_an_authenticator_from_any_page(
    client: Client, password_only_staff: Any
) -> None:
    _sign_in_with_password(client, password_only_staff)
    for url in ["/account/", "/account/data.json", "/account/tokens/", "/organisations/units.csv", "/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_password_only_staff_can_still_reach_the_authenticator_set_up_and_sign_out(
    client: Client, password_only_staff: Any
) -> None:
    _sign_in_with_password(client, password_only_staff)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    # allauth asks for the password again before a second factor is set up.
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_token_is_refused_once_its_owner_has_no_second_factor(officer: Any, ward: Any) -> None:
    _token, raw = create_api_token(user=officer, name="script")
    Authenticator.objects.filter(user=officer).delete()
    response = _bearer(raw).get("/api/v1/activities/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_token_cannot_be_created_for_staff_without_a_second_factor(password_only_staff: Any) -> None:
    with pytest.raises(NotAllowed):
        create_api_token(user=password_only_staff, name="script")
    with pytest.raises(CommandError):
        call_command("create_api_token", password_only_staff.email, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_users_token_is_refused_when_demo_logins_are_off(make_staff: Any, ward_team: Any, settings: Any) -> None:
    settings.DEMO_LOGINS_ENABLED = True
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="officer@demo.engagehub.invalid")
    user.is_demo = True
    user.save()
    _token, raw = create_api_token(user=user, name="demo script")
    assert _bearer(raw).get("/api/v1/account/me").status_code == 200
    settings.DEMO_LOGINS_ENABLED = False
    response = _bearer(raw).get("/api/v1/account/me")
    assert response.status_code == 401
    assert "Demo accounts are switched off" in response.json()["detail"]


def test_demo_session_is_ended_when_demo_logins_are_off(client: Client, db: Any, settings: Any) -> None:
    settings.DEMO_LOGINS_ENABLED = True
    user = UserFactory(email="resident@demo.engagehub.invalid", is_demo=True)
    client.force_login(user)
    assert client.get("/account/").status_code == 200
    settings.DEMO_LOGINS_ENABLED = False
    response = client.get("/account/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/api/v1/account/me").status_code == 403


def test_inactive_owners_token_is_refused(officer: Any) -> None:
    _token, raw = create_api_token(user=officer, name="script")
    officer.is_active = False
    officer.save()
    assert _bearer(raw).get("/api/v1/account/me").status_code == 401


def test_staff_with_a_second_factor_uses_session_and_token(client: Client, officer: Any, ward: Any) -> None:
    record(wards=[ward], title="Ward walk")
    client.force_login(officer)
    assert client.get("/api/v1/activities/").status_code == 200
    _token, raw = create_api_token(user=officer, name="script")
    assert _bearer(raw).get("/api/v1/activities/").status_code == 200


def test_superuser_without_second_factor_cannot_use_the_admin_or_the_api(client: Client, db: Any) -> None:
    admin = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/account/me").status_code == 403


def test_public_user_is_not_asked_for_a_second_factor(client: Client, db: Any) -> None:
    client.force_login(UserFactory())
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/account/me").status_code == 200


def test_idle_staff_session_ends_after_the_idle_period(client: Client, officer: Any, settings: Any) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2026-06-01 09:00Z", tick=False) as clock:
        client.force_login(officer)
        assert client.get(reverse("workspace:home")).status_code == 200
        clock.shift(29 * 60)
        assert client.get(reverse("workspace:home")).status_code == 200
        clock.shift(31 * 60)
        response = client.get(reverse("workspace:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session


def test_idle_public_session_is_not_ended(client: Client, db: Any, settings: Any) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2026-06-01 09:00Z", tick=False) as clock:
        client.force_login(UserFactory())
        assert client.get("/account/").status_code == 200
        clock.shift(3 * 60 * 60)
        assert client.get("/account/").status_code == 200


def test_admin_login_form_cannot_sign_in_another_account_without_its_second_factor(
    client: Client, officer: Any, db: Any
) -> None:
    """A signed-in staff member who knows an administrator's password must not become them through the
    admin's own login form (it would skip the administrator's second factor)."""
    from conftest import enrol_totp

    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    enrol_totp(root)
    officer.is_staff = True  # may open the admin's login view
    officer.save()
    client.force_login(officer)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": root.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code in {302, 403}
    assert client.session.get("_auth_user_id") == str(officer.pk)


def test_admin_login_sends_the_anonymous_to_the_service_sign_in(client: Client, db: Any) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_emailed_sign_in_code_does_not_skip_a_staff_second_factor(
    client: Client, totp_staff: Any, mailoutbox: Any
) -> None:
    import re

    user, _secret = totp_staff
    response = client.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.MULTILINE)
    assert code is not None
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_password_only_staff_htmx_request_is_sent_to_set_up_as_a_whole_page(
    client: Client, password_only_staff: Any
) -> None:
    _sign_in_with_password(client, password_only_staff)
    response = client.get(reverse("workspace:home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


def test_password_only_staff_sets_up_an_authenticator_and_the_door_opens(
    client: Client, password_only_staff: Any, ward: Any
) -> None:
    from accounts.tests.conftest import totp_code

    _sign_in_with_password(client, password_only_staff)
    assert client.get("/api/v1/activities/").status_code == 403
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/api/v1/activities/").status_code == 200
    assert client.get(reverse("workspace:home")).status_code == 200
    stored = Authenticator.objects.get(user=password_only_staff, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)
