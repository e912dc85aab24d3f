"""Staff sign in with a password and a real TOTP code in a browser; the pages pass axe."""

import re
from typing import Any

import pytest

from accounts.tests.conftest import totp_code
from conftest import assert_accessible, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_staff_signs_in_with_totp_and_reaches_an_accessible_workspace(
    live_server: Any, page: Any, make_staff: Any, ward_team: Any
) -> None:
    from accounts.services import mark_email_verified
    from organisations.models import Role

    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="pc.browser@example.test", mfa=False)
    mark_email_verified(user)
    secret = enrol_totp(user)

    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Staff workspace"
    assert page.get_by_role("heading", name="Your posts and scope").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + ward_team.get_absolute_url())
    assert_accessible(page)


def test_sign_up_code_reset_and_totp_setup_pages_are_accessible(
    live_server: Any, page: Any, make_staff: Any, ward_team: Any
) -> None:
    from accounts.services import mark_email_verified
    from organisations.models import Role

    for path in ["/accounts/signup/", "/accounts/login/code/", "/accounts/password/reset/"]:
        page.goto(live_server.url + path)
        assert page.locator("h1.govuk-heading-l").is_visible()
        assert_accessible(page)

    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="pc.new@example.test", mfa=False)
    mark_email_verified(user)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Staff without an authenticator are sent to set one up; allauth asks for the password once more.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert page.locator("img.eh-qr-code").is_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    # The activation page is itself under /accounts/2fa/: wait until the form has been answered.
    page.wait_for_url(lambda url: "/accounts/2fa/" in url and "/totp/activate" not in url)
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
