from collections.abc import Iterator
from typing import Any

import pytest

from conftest import current_totp_code


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts attempts in the cache: start each test from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    return current_totp_code(secret)


@pytest.fixture
def totp_staff(make_staff: Any, ward_team: Any) -> tuple[Any, str]:
    """A neighbourhood officer with a known TOTP secret and password."""
    from accounts.services import mark_email_verified
    from conftest import enrol_totp
    from organisations.models import Role

    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="pc.totp@example.test", mfa=False)
    mark_email_verified(user)
    return user, enrol_totp(user)
