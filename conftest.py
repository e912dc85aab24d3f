"""Fixtures shared by every app's tests: London's places, staff in each role, SMTP and a browser."""

import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command

# The TOTP window each demo person's code was last used in during this test (see `Walk.sign_in`).
SPENT_TOTP: dict[str, int] = {}

LEWISHAM = "E09000023"
LAMBETH = "E09000022"


def _ensure_london() -> None:
    from places.models import Borough, Postcode

    if not Borough.objects.exists():
        call_command("load_london", stdout=open("/dev/null", "w"))  # noqa: SIM115
    if not Postcode.objects.exists():
        call_command("load_postcodes", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any, request: Any) -> Iterator[None]:
    """Load London once per test session; every test's transaction rolls back to it."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    created = None
    with django_db_blocker.unblock():
        if not _get_databases_for_setup(request.session.items)[0]:
            # Only journey tests were selected (they share committed data, so they ask for no test database).
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        _ensure_london()
    yield
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Start and end every test in the default language: a request to a translated page activates its language
    for the thread, and `reverse` in a later test would otherwise build `/pl/…` addresses."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with an empty cache: public area pages are cached per ward and borough, and their
    invalidation runs on commit, which a test's rolled-back transaction never reaches."""
    from django.core.cache import cache

    from core import pagecache
    from places import reference

    cache.clear()
    pagecache.forget()  # and what this process held of it
    reference.forget()  # places a test made are rolled back with it: read them afresh
    SPENT_TOTP.clear()  # the record of used codes went with the cache
    yield
    cache.clear()
    pagecache.forget()
    reference.forget()


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


def current_totp_code(secret: str, *, spent_key: str | None = None) -> str:
    """The authenticator's code now. A code is good for its 30-second window only, and once per person: a code
    typed in a window's last seconds, or one this person (`spent_key`) already used in this window (an earlier
    test), is refused. Wait for a fresh window then, as a person would wait for the next code."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    if time.time() % 30 > 26 or (spent_key is not None and SPENT_TOTP.get(spent_key) == counter):
        time.sleep(30 - time.time() % 30 + 0.1)
        counter = next(iter(yield_hotp_counters_from_time()))
    if spent_key is not None:
        SPENT_TOTP[spent_key] = counter
    return str(format_hotp_value(hotp_value(secret, counter)))


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


# --- Journeys: one live server over London and the demo data, shared by every journey test -------------------------
#
# Journey tests (in a `journeys` test package) walk a person's whole job through the real pages. Loading London and
# the demo set takes seconds, so it is done once per run: the data is committed, the tests run last (see
# pytest_collection_modifyitems) so no other test sees it, and each journey makes its own records with unique names.

VNU_JAR = "node_modules/vnu-jar/build/dist/vnu.jar"
REFLOW_WIDTH = 320  # WCAG 1.4.10: content reflows at 320 CSS pixels without scrolling sideways
# The innermost elements that reach past the right edge (none when the page does not scroll sideways).
WIDE_ELEMENTS_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const wide = [...document.body.querySelectorAll('*')].filter(
    e => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest('.eh-scroll'));
  const innermost = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  const classes = e => typeof e.className === 'string' && e.className.trim()
    ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes(e);
  const text = e => ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
  return (innermost.length ? innermost : wide).slice(0, 5).map(e => name(e) + text(e));
}"""


def _is_journey(item: Any) -> bool:
    return "/journeys/" in str(item.path).replace("\\", "/")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Run journey tests after every other test: they share committed demo data that other tests must not see.
    Under pytest-xdist each process is handed its tests in this order, so the same holds in every process."""
    items[:] = [i for i in items if not _is_journey(i)] + [i for i in items if _is_journey(i)]


class JourneySite:
    """The shared live server, and the demo staff (signed in with a password and a TOTP code)."""

    password = "demo-password-123"

    def __init__(self, url: str, secrets: dict[str, str], checker: "NuChecker | None" = None) -> None:
        self.url = url
        self.secrets = secrets
        self.checker = checker

    def email(self, key: str) -> str:
        return f"{key}@demo.engagehub.invalid"


@pytest.fixture(scope="session")
def journey_site(django_db_setup: Any, django_db_blocker: Any) -> Iterator[JourneySite]:
    """London, the demo data and a live server, once per run. Demo staff become ordinary staff with a TOTP
    authenticator, so journeys sign in through the real forms and second factor."""
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    checker = NuChecker()  # starts while London and the demo data load
    try:
        with django_db_blocker.unblock():
            _ensure_london()
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            secrets = {}
            for user in get_user_model().objects.filter(is_demo=True):
                user.is_demo = False
                user.save(update_fields=["is_demo"])
                secrets[user.email.split("@")[0]] = enrol_totp(user)
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            site_url = override_settings(SITE_URL=server.url)  # links in emails lead back to this server
            site_url.enable()
            try:
                yield JourneySite(server.url, secrets, checker)
            finally:
                site_url.disable()
                server._live_server_modified_settings.disable()
                server.stop()
    finally:
        checker.stop()


class Journey:
    """One person's journey: a browser page on the shared site, with every page checked as it is passed."""

    def __init__(self, site: JourneySite, page: Any, html_dir: Any, checker: Any = None) -> None:
        self.site = site
        self.page = page
        self.html_dir = html_dir
        # axe needs JavaScript: without it, each page is checked in `checker`, a JavaScript-enabled page that is
        # served the same HTML and none of the site's scripts.
        self.checker = checker
        self.pages: list[tuple[str, str]] = []
        self._documents: list[Any] = []
        page.on("response", self._keep_document)

    def _keep_document(self, response: Any) -> None:
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self._documents.append(response)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.site.url + path)

    def check(self) -> None:
        """Axe finds no violation, the page reflows at 320 px, and its HTML is kept for the Nu HTML checker."""
        page = self.page
        page.wait_for_load_state()
        html = self._html()
        if html is not None:
            self.pages.append((page.url, html))
        if self.checker is not None:
            url = page.url.split("#")[0]
            self.checker.route(url, lambda route: route.fulfill(body=html or "", content_type="text/html"))
            self.checker.goto(url)
            self.checker.unroute(url)
            page = self.checker
        problems = []
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page)
        if results.violations_count:
            problems.append(results.generate_report())
        size = page.viewport_size or {"width": 1280, "height": 720}
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
        try:
            wide = page.evaluate(WIDE_ELEMENTS_JS)
            if wide:
                problems.append(f"scrolls sideways at {REFLOW_WIDTH}px: " + "; ".join(wide))
        finally:
            page.set_viewport_size(size)
        if problems:
            message = f"{page.url}:\n" + "\n".join(problems)
            if os.environ.get("JOURNEY_SOFT"):
                print("JOURNEY PROBLEM", message)  # noqa: T201
            else:
                raise AssertionError(message)

    def _html(self) -> str | None:
        """The HTML the server sent for the page now shown (not the DOM after scripts changed it)."""
        if not self._documents:
            return None
        response = self._documents[-1]
        if "text/html" not in (response.headers.get("content-type") or ""):
            return None
        text: str = response.text()
        return text

    def sign_in(self, key: str, *, next_path: str = "", lands: str = r"/staff/$") -> None:
        """Sign in as a demo person through the login form and the TOTP second factor, landing on `lands`."""
        page = self.page
        self.goto("/accounts/login/" + (f"?next={next_path}" if next_path else ""))
        page.get_by_label("Email").fill(self.site.email(key))
        page.get_by_label("Password").fill(self.site.password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        for _attempt in range(3):
            page.get_by_label("Code").fill(current_totp_code(self.site.secrets[key], spent_key=key))
            with page.expect_navigation():
                page.get_by_role("button", name="Sign In").click()
            if "/accounts/2fa/authenticate/" not in page.url:
                break
        page.wait_for_url(re.compile(lands))

    def html_errors(self) -> list[str]:
        """Errors the Nu HTML checker finds in the pages kept by `check`."""
        return nu_html_errors(self.pages, self.html_dir, self.site.checker)


class NuChecker:
    """The Nu HTML checker as a service on loopback, started once per run: starting Java and reading the HTML
    spec takes seconds, checking a page then takes a tenth of one. Pages are checked by `errors`."""

    def __init__(self) -> None:
        import subprocess

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            ["java", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", VNU_JAR,  # noqa: S607
             "nu.validator.servlet.Main", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._ready = False

    def _wait(self) -> None:
        import socket
        import time

        deadline = time.monotonic() + 180
        while not self._ready:
            assert self.process.poll() is None, "the Nu HTML checker stopped"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self._ready = True
            except OSError:
                assert time.monotonic() < deadline, "the Nu HTML checker did not start"
                time.sleep(0.2)

    def messages(self, html: str) -> list[dict[str, Any]]:
        import json
        import time
        import urllib.error
        import urllib.request

        self._wait()
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.url, data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
        )
        for attempt in range(60):  # the port opens before the spec is read; until then answers are empty
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    body = response.read()
            except (urllib.error.URLError, ConnectionError):
                body = b""
            if body:
                result: list[dict[str, Any]] = json.loads(body)["messages"]
                return result
            time.sleep(min(0.1 * (attempt + 1), 1))
        raise AssertionError("the Nu HTML checker gave no answer")

    def errors(self, pages: list[tuple[str, str]]) -> list[str]:
        return [
            f"{url}:{m.get('lastLine')}: {m['message']}"
            for url, html in pages
            for m in self.messages(html)
            if m.get("type") == "error"
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def nu_html_errors(pages: list[tuple[str, str]], html_dir: Any, checker: NuChecker | None = None) -> list[str]:
    """Errors the Nu HTML checker finds in (url, html) pages: through the running checker when there is one,
    otherwise in one run of the checker's command line."""
    import json
    import subprocess

    if not pages:
        return []
    if checker is not None:
        return checker.errors(pages)
    files = {}
    for n, (url, html) in enumerate(pages):
        path = html_dir / f"page{n}.html"
        path.write_text(html)
        files[path.as_uri()] = url
    command = ["java", "-jar", VNU_JAR, "--format", "json", "--exit-zero-always"]
    run = subprocess.run(  # noqa: S603 - our own command line
        [*command, *sorted(str(p) for p in html_dir.glob("page*.html"))], capture_output=True, text=True, check=True
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[Any]:
    """A failed journey reports the page it was on and what that page said."""
    report = yield
    walks = [v for v in getattr(item, "funcargs", {}).values() if isinstance(v, Journey)]
    walks += [w for v in getattr(item, "funcargs", {}).values() if isinstance(v, Cast) for w in v.walks[-1:]]
    if report.when == "call" and report.failed and walks:
        walk = walks[0]
        try:
            text = walk.page.locator("main").inner_text(timeout=1000)
        except Exception:  # noqa: BLE001 - the page may be gone
            text = "(no main element)"
        report.sections.append(("journey page", f"{walk.page.url}\n{text[:3000]}"))
    return report


def journey_timeout_ms() -> int:
    """How long a journey's step may wait (a click's navigation, a download): long, because the journeys check what
    happens, not how fast (speed has its benchmarks), and a shared two-core machine running the suite in two
    processes can take over ten seconds to make a report PDF on PostgreSQL."""
    return int(os.environ.get("JOURNEY_TIMEOUT_MS", "30000"))


def _walk(site: JourneySite, browser: Any, blocker: Any, html_dir: Any, *, javascript: bool) -> Iterator[Journey]:
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(journey_timeout_ms())
    checker = None
    if not javascript:
        checker = browser.new_context().new_page()
        checker.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    walk = Journey(site, context.new_page(), html_dir, checker)
    with blocker.unblock():
        yield walk
    context.close()
    if checker is not None:
        checker.context.close()
    errors = walk.html_errors()
    assert not errors, "Nu HTML checker:\n" + "\n".join(errors)


@pytest.fixture
def journey(journey_site: JourneySite, browser: Any, django_db_blocker: Any, tmp_path: Any) -> Iterator[Journey]:
    """A fresh browser context on the shared site; after the journey, its pages pass the Nu HTML checker."""
    yield from _walk(journey_site, browser, django_db_blocker, tmp_path, javascript=True)


@pytest.fixture
def journey_no_js(journey_site: JourneySite, browser: Any, django_db_blocker: Any, tmp_path: Any) -> Iterator[Journey]:
    """As `journey`, with JavaScript turned off."""
    yield from _walk(journey_site, browser, django_db_blocker, tmp_path, javascript=False)


class Cast:
    """The people of a journey that passes between roles: `cast("team-sergeant")` opens a browser context of that
    person's own, signed in; every page any of them passes is checked as in `Journey`, and the Nu HTML checker
    runs once over all of them at the end."""

    def __init__(self, site: JourneySite, browser: Any, html_dir: Any) -> None:
        self.site = site
        self.browser = browser
        self.html_dir = html_dir
        self.walks: list[Journey] = []
        self._people: dict[str, Journey] = {}

    def __call__(self, key: str) -> Journey:
        """The person's walk, signed in on first use; later calls bring the same person back."""
        if key not in self._people:
            walk = self._open(key)
            walk.sign_in(key)
            walk.check()
        return self._bring(key)

    def visitor(self, key: str = "visitor") -> Journey:
        """A member of the public, not signed in."""
        if key not in self._people:
            self._open(key)
        return self._bring(key)

    def _open(self, key: str) -> Journey:
        context = self.browser.new_context()
        context.set_default_timeout(journey_timeout_ms())
        walk = self._people[key] = Journey(self.site, context.new_page(), self.html_dir)
        return walk

    def _bring(self, key: str) -> Journey:
        walk = self._people[key]
        if walk in self.walks:
            self.walks.remove(walk)
        self.walks.append(walk)  # the last one is the one a failure reports
        return walk

    def close(self) -> list[str]:
        for walk in self._people.values():
            walk.page.context.close()
        pages = [p for walk in self._people.values() for p in walk.pages]
        return nu_html_errors(pages, self.html_dir, self.site.checker)


@pytest.fixture
def cast(journey_site: JourneySite, browser: Any, django_db_blocker: Any, tmp_path: Any) -> Iterator[Cast]:
    """Several staff on the shared site, each in their own browser context (see `Cast`)."""
    people = Cast(journey_site, browser, tmp_path)
    with django_db_blocker.unblock():
        yield people
    errors = people.close()
    assert not errors, "Nu HTML checker:\n" + "\n".join(errors)
