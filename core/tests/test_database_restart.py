"""A PostgreSQL restart under load loses no acknowledged write.

The test runs its own PostgreSQL cluster (so the shared server other tests use is never touched), serves the
product from it with gunicorn as `make run` does, and submits consultation answers and alert subscriptions
through the public pages from several clients at once. Midway it stops PostgreSQL the hard way (`pg_ctl
restart -m immediate`, as a crash would) and lets it come back. Afterwards every submission that was
acknowledged (a redirect to the thank-you page) is in the database, and every other one got a 503 that says
nothing was confirmed; none got a 500.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
HAVE_SERVER = all(shutil.which(tool) for tool in ("initdb", "pg_ctl"))

pytestmark = [
    pytest.mark.slow,
    # One run is enough: it needs PostgreSQL's own tools, and the suite's PostgreSQL pass is where they are.
    pytest.mark.skipif(not (ON_POSTGRES and HAVE_SERVER), reason="runs in the PostgreSQL pass, with initdb"),
]

SETUP = """
import json
from consultations.tests.factories import build_survey
from places.models import Borough
c, qs = build_survey(boroughs=[Borough.objects.get(code="E09000023")])
print(json.dumps({"slug": c.slug, "fields": {k: q.field_name for k, q in qs.items()}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class Cluster:
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/restart"

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        subprocess.run(  # noqa: S603 - our own commands, no shell
            _as_postgres(["pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.data / "log"), "-w", *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    base = Path(tempfile.mkdtemp(prefix="eh-restart-", dir="/tmp"))
    base.chmod(0o755)
    data = base / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(  # noqa: S603 - our own commands, no shell
        _as_postgres(["initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    c = Cluster(data=data, port=_free_port())
    c.ctl("start")
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{c.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE restart")
        yield c
    finally:
        subprocess.run(  # noqa: S603 - our own commands, no shell
            _as_postgres(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True, timeout=60
        )
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class Site:
    url: str
    slug: str
    fields: dict[str, str]
    log: Path


@pytest.fixture
def site(cluster: Cluster) -> Iterator[Site]:
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "DEBUG": "false",
        "SECRET_KEY": "restart-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "PUBLIC_FORM_RATE_LIMIT": "100000/1m",
        "DJANGO_SETTINGS_MODULE": "core.tests.restart_settings",
        "MEDIA_ROOT": str(cluster.data.parent / "media"),
    }
    env.pop("REDIS_URL", None)
    env.pop("TEST_DATABASE_NAME", None)

    def manage(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own commands, no shell
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    manage("migrate", "--noinput", "-v0")
    manage("createcachetable", "-v0")
    manage("load_london")
    manage("load_postcodes")
    made = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])
    port = _free_port()
    log = cluster.data.parent / "web.log"
    with log.open("w") as out:
        web = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "engagehub.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--threads", "4", "--error-logfile", "-", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if Browser().fetch(f"{url}/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            yield Site(url=url, slug=made["slug"], fields=made["fields"], log=log)
        finally:
            web.terminate()
            web.wait(timeout=30)


@dataclass
class Tally:
    acknowledged_answers: list[str] = field(default_factory=list)
    acknowledged_subscriptions: list[str] = field(default_factory=list)
    refusals: list[tuple[int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unsent: list[tuple[int, str] | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged(self) -> int:
        with self.lock:
            return len(self.acknowledged_answers) + len(self.acknowledged_subscriptions)


def _wait_for(tally: Tally, acknowledged: int, seconds: float = 90) -> None:
    """Let the clients run until `acknowledged` submissions have been, or `seconds` pass (a slow machine)."""
    deadline = time.monotonic() + seconds
    while tally.acknowledged() < acknowledged and time.monotonic() < deadline:
        time.sleep(0.2)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """A client with cookies that does not follow redirects: a redirect after a POST is the acknowledgement."""

    def __init__(self) -> None:
        self.last_refusal: tuple[int, str] | None = None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects)

    def fetch(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": url}
        try:
            request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - our own http server
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def _submit(browser: Browser, page: str, data: dict[str, str]) -> tuple[int, str] | None:
    """GET the form for its token, then POST it; None if the form itself could not be had (nothing was sent)."""
    status, html = browser.fetch(page)
    token = CSRF.search(html)
    if status != 200 or not token:
        browser.last_refusal = (status, html[:300])
        return None
    return browser.fetch(page, {**data, "csrfmiddlewaretoken": token.group(1)})


def _client(site: Site, tally: Tally, stop: threading.Event, n: int) -> None:
    browser = Browser()
    answer_page = f"{site.url}/consultations/{site.slug}/answer/"
    subscribe_page = f"{site.url}/alerts/subscribe/"
    i = 0
    while not stop.is_set():
        i += 1
        key = f"restart-{n}-{i}-{uuid.uuid4().hex[:8]}"
        try:
            if i % 2:
                answers = {"idempotency_key": key, site.fields["seen"]: "Yes", site.fields["where"]: "Patrol",
                           site.fields["safe"]: "4"}  # fmt: skip
                r = _submit(browser, answer_page, answers)
                ok, kind = tally.acknowledged_answers, "answer"
            else:
                email = f"{key}@example.test"
                subscription = {"postcode": "BR1 4BY", "interests": "crime", "wants_email": "on", "email": email,
                                "language": "en", "consent": "on"}  # fmt: skip
                r = _submit(browser, subscribe_page, subscription)
                ok, kind, key = tally.acknowledged_subscriptions, "subscription", email
        except OSError as exc:
            with tally.lock:
                tally.errors.append(f"{exc.__class__.__name__}: {exc}")
            continue
        if r is None:
            with tally.lock:
                tally.unsent.append(browser.last_refusal)
            time.sleep(0.05)
            continue
        with tally.lock:
            if r[0] == 302:
                ok.append(key)
            else:
                said = "says nothing was confirmed" if "has not been confirmed" in r[1] else r[1][:300]
                tally.refusals.append((r[0], f"{kind}: {said}"))


def test_a_restart_under_load_loses_no_acknowledged_write(cluster: Cluster, site: Site) -> None:
    tally = Tally()
    stop = threading.Event()
    clients = [threading.Thread(target=_client, args=(site, tally, stop, n)) for n in range(6)]
    for t in clients:
        t.start()
    try:
        _wait_for(tally, 10)
        before = tally.acknowledged()
        cluster.ctl("-m", "immediate", "restart")
        _wait_for(tally, before + 10)
    finally:
        stop.set()
        for t in clients:
            t.join(timeout=60)

    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as conn:
        answers = {row[0] for row in conn.execute("SELECT idempotency_key FROM consultations_response")}
        subscribers = {row[0] for row in conn.execute("SELECT email FROM alerts_subscriber")}

    after = tally.acknowledged() - before
    seen = (before, after, tally.refusals[:5], tally.errors[:5], tally.unsent[:1], site.log.read_text()[-3000:])
    assert before >= 10 and after >= 10, seen
    assert set(tally.acknowledged_answers) <= answers
    assert set(tally.acknowledged_subscriptions) <= subscribers
    # Every submission not acknowledged was told so: a 503 that says nothing was confirmed, never a 500.
    statuses = {status for status, _ in tally.refusals}
    assert statuses <= {503}, tally.refusals[:5]
    for _, text in tally.refusals:
        assert text.endswith("says nothing was confirmed"), text
    assert not tally.errors, tally.errors[:5]
