"""Signing in: password plus TOTP for staff, rate limits, demo accounts, public sign-up and codes."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.tests.conftest import totp_code
from accounts.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def test_staff_sign_in_needs_a_totp_code_then_reaches_the_workspace(client: Any, totp_staff: Any) -> None:
    user, secret = totp_staff
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:home")).status_code == 200


def test_wrong_totp_code_is_refused(client: Any, totp_staff: Any) -> None:
    user, _ = totp_staff
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client: Any, db: Any) -> None:
    user = UserFactory(email="target@example.test")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong password!"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_demo_account_is_refused_when_demo_logins_are_off(client: Any, db: Any, settings: Any) -> None:
    settings.DEMO_LOGINS_ENABLED = False
    UserFactory(email="partner@demo.engagehub.invalid", is_demo=True)
    response = client.post(reverse("account_login"), {"login": "partner@demo.engagehub.invalid", "password": PASSWORD})
    assert "Demo accounts are switched off" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_demo_staff_sign_in_without_authenticator_while_demo_logins_are_on(
    client: Any, make_staff: Any, ward_team: Any, settings: Any
) -> None:
    from organisations.models import Role

    settings.DEMO_LOGINS_ENABLED = True
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="officer@demo.engagehub.invalid", mfa=False)
    user.is_demo = True
    user.save()
    from accounts.services import mark_email_verified

    mark_email_verified(user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:home")).status_code == 200


def test_public_signs_up_and_verifies_email_over_smtp(client: Any, db: Any, smtp_server: Any) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "resident@example.test", "password1": "a long new passphrase", "password2": "a long new passphrase"},
    )
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Rcpt-To"] == "resident@example.test"
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.get(email="resident@example.test").verified


def test_public_signs_in_with_an_emailed_code(client: Any, db: Any, mailoutbox: Any) -> None:
    import re

    from accounts.services import mark_email_verified

    mark_email_verified(UserFactory(email="resident@example.test"))
    response = client.post(reverse("account_request_login_code"), {"email": "resident@example.test"})
    assert response.status_code == 302
    body = mailoutbox[-1].body
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.MULTILINE)
    assert code is not None, body
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_request_login_code", "account_reset_password"]
)
def test_sign_in_pages_use_the_service_layout(client: Any, db: Any, url_name: str) -> None:
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="govuk-header' in html
    assert "govuk-button" in html
    assert "govuk-input" in html
    assert '<h1 class="govuk-heading-l">' in html


def test_totp_activation_page_uses_the_service_layout(client: Any, make_staff: Any, ward_team: Any) -> None:
    from accounts.services import mark_email_verified
    from organisations.models import Role

    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, mfa=False)
    mark_email_verified(user)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("workspace:home"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a second factor is set up.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert "govuk-input" in client.get(response["Location"]).content.decode()
    client.post(response["Location"], {"password": PASSWORD})
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert 'class="govuk-header' in html
    assert 'class="eh-qr-code"' in html
    assert 'id="authenticator_secret"' in html and "govuk-input" in html


def test_mfa_code_page_uses_the_service_layout(client: Any, totp_staff: Any) -> None:
    user, _ = totp_staff
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'class="govuk-header' in html and "govuk-input" in html and "govuk-button" in html


def test_failed_sign_in_title_starts_with_error(client: Any, db: Any) -> None:
    response = client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "wrong password!"})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html


def test_login_page_lists_demo_accounts_only_while_demo_logins_are_on(client: Any, london: None, settings: Any) -> None:
    from demo.organisations import load_demo_staff
    from organisations.structure import load_units

    load_units()
    load_demo_staff()
    settings.DEMO_LOGINS_ENABLED = False
    assert "admin@demo.engagehub.invalid" not in client.get(reverse("account_login")).content.decode()
    settings.DEMO_LOGINS_ENABLED = True
    html = client.get(reverse("account_login")).content.decode()
    assert "admin@demo.engagehub.invalid" in html and "demo-password-123" in html
