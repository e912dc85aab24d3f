"""Fixtures shared by every app's tests: London's places, staff in each role, SMTP and a browser."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command

LEWISHAM = "E09000023"
LAMBETH = "E09000022"


def _ensure_london() -> None:
    from places.models import Borough, Postcode

    if not Borough.objects.exists():
        call_command("load_london", stdout=open("/dev/null", "w"))  # noqa: SIM115
    if not Postcode.objects.exists():
        call_command("load_postcodes", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load London once per test session; every test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        _ensure_london()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with an empty cache: public area pages are cached per ward and borough, and their
    invalidation runs on commit, which a test's rolled-back transaction never reaches."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def london(db: Any) -> None:
    """London's boroughs, wards, census figures and the Lewisham postcodes (reloaded after a flush)."""
    _ensure_london()


@pytest.fixture
def lewisham(london: None) -> Any:
    from places.models import Borough

    return Borough.objects.get(code=LEWISHAM)


@pytest.fixture
def lambeth(london: None) -> Any:
    from places.models import Borough

    return Borough.objects.get(code=LAMBETH)


@pytest.fixture
def ward(lewisham: Any) -> Any:
    """A Lewisham ward (Catford South)."""
    return lewisham.wards.get(name="Catford South")


@pytest.fixture
def other_ward(lambeth: Any) -> Any:
    """A ward in another borough (Brixton Windrush, Lambeth)."""
    return lambeth.wards.get(name="Brixton Windrush")


def enrol_totp(user: Any) -> str:
    """Give a user a TOTP authenticator; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def make_staff(london: None) -> Callable[..., Any]:
    """make_staff(role, unit=None, wards=(), boroughs=(), london_wide=False, email=None) -> User with a TOTP."""
    from accounts.tests.factories import UserFactory
    from organisations.models import Unit
    from organisations.tests.factories import PostFactory, UnitFactory

    def make(
        role: str,
        *,
        unit: Any = None,
        wards: tuple = (),
        boroughs: tuple = (),
        london_wide: bool = False,
        email: str | None = None,
        mfa: bool = True,
    ) -> Any:
        user = UserFactory(**({"email": email} if email else {}))
        if unit is None:
            unit = UnitFactory(kind=Unit.Kind.BUSINESS_GROUP)
        PostFactory(
            user=user, unit=unit, role=role, wards=list(wards), boroughs=list(boroughs), london_wide=london_wide
        )
        if mfa:
            enrol_totp(user)
        return user

    return make


@pytest.fixture
def ward_team(ward: Any) -> Any:
    """The neighbourhood team of `ward`."""
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    return UnitFactory(
        name=f"{ward.name} Safer Neighbourhood Team",
        kind=Unit.Kind.NEIGHBOURHOOD_TEAM,
        ward=ward,
        borough=ward.borough,
    )


@pytest.fixture
def officer(make_staff: Callable[..., Any], ward_team: Any) -> Any:
    """A neighbourhood officer in Catford South's team."""
    from organisations.models import Role

    return make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="officer@police.example.test")


@pytest.fixture
def administrator(make_staff: Callable[..., Any]) -> Any:
    from organisations.models import Role

    return make_staff(Role.ADMINISTRATOR, london_wide=True, email="admin@police.example.test")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Any]:
    """A real SMTP server on loopback; messages it receives are in `smtp_server.messages`."""
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self) -> None:
            self.messages: list[Any] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            msg = message_from_bytes(envelope.original_content or envelope.content)
            msg["X-Rcpt-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(msg)
            return "250 OK"

    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    handler.port = settings.EMAIL_PORT  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        controller.stop()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def assert_accessible(page: Any) -> None:
    """Fail with axe-core's report if the page has any WCAG violation it can detect."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
