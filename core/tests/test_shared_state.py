"""Shared state is shared: the cache behind rate limits and page-cache versions is the same for every web
process, throttled requests get 429, and limits tell clients apart (behind a trusted proxy too)."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, RequestFactory

from core import pagecache, ratelimit

ROOT = Path(__file__).resolve().parents[2]
DB_CACHE = {"default": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "eh_cache"}}


@pytest.fixture
def database_cache(db: Any, settings: Any) -> None:
    """The default (non-Redis) cache of engagehub.settings; the test settings use memory."""
    settings.CACHES = DB_CACHE
    call_command("createcachetable", verbosity=0)


def _run(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout.strip()


@pytest.mark.slow
def test_default_cache_is_shared_by_separate_processes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="engagehub.settings",
        SECRET_KEY="shared-state-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    )
    setup = "import django; django.setup(); from django.core.cache import cache; "
    _run(setup + "from django.core.management import call_command; call_command('createcachetable')", env)
    _run(setup + "cache.set('login-failures', 4, 600)", env)
    assert _run(setup + "print(cache.get('login-failures'))", env) == "4"
    # A ward page changed through one worker is stale for the others no longer.
    read = setup + "from core import pagecache; print(pagecache.page_key('ward', 1))"
    before = _run(read, env)
    _run(setup + "from core import pagecache; pagecache._bump('ward', 1)", env)
    assert _run(read, env) != before
    # A limit counted by one worker counts for the others.
    hit = setup + "from core import ratelimit; print(ratelimit.hit('t', 'c', ratelimit.Rate(1, 600))[0])"
    assert [_run(hit, env), _run(hit, env)] == ["True", "False"]


def test_page_cache_version_outlives_the_backends_default_timeout(database_cache: None) -> None:
    with time_machine.travel("2026-06-01 09:00Z", tick=False) as clock:
        before = pagecache.version("ward", 7)
        pagecache._bump("ward", 7)
        bumped = pagecache.version("ward", 7)
        assert bumped > before
        clock.shift(60 * 60)  # an hour: past the cache's default five-minute timeout
        assert pagecache.version("ward", 7) == bumped


def test_a_lost_page_cache_version_never_comes_back_as_an_old_one(database_cache: None) -> None:
    from django.core.cache import cache

    first = pagecache.version("ward", 8)
    pagecache._bump("ward", 8)
    cache.delete("pagever:ward:8")  # evicted
    assert pagecache.version("ward", 8) not in {first, first + 1}


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from a trusted proxy: ignored
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.4", "198.51.100.1"),  # spoofed left part is ignored
        ("10.0.0.5", "not-an-ip", "10.0.0.5"),
        ("10.0.0.5", "10.0.0.3, 10.0.0.4", "10.0.0.3"),
    ],
)
def test_client_address_honours_forwarded_for_only_from_trusted_proxies(
    settings: Any, remote: str, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_ipv6_clients_are_counted_by_their_64_block(settings: Any) -> None:
    first = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    second = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert ratelimit.client_key(first) == ratelimit.client_key(second) != ratelimit.client_key(other)


def test_public_form_is_throttled_with_a_429_page(client: Client, db: Any, settings: Any) -> None:
    settings.PUBLIC_FORM_RATE_LIMIT = "3/10m"
    for _ in range(3):
        assert client.post("/alerts/contact/", {}).status_code == 400
    response = client.post("/alerts/contact/", {})
    assert response.status_code == 429
    assert "Too many" in response.content.decode()
    assert response["Retry-After"]
    # Another client is not affected.
    assert client.post("/alerts/contact/", {}, REMOTE_ADDR="198.51.100.20").status_code == 400


def test_public_api_write_is_throttled_with_429_json(client: Client, db: Any, settings: Any) -> None:
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    for _ in range(2):
        assert client.post("/api/v1/priorities/issues", {}, content_type="application/json").status_code != 429
    response = client.post("/api/v1/priorities/issues", {}, content_type="application/json")
    assert response.status_code == 429
    assert "Too many" in response.json()["detail"]


def test_sign_in_is_limited_by_its_own_rates_not_the_public_form_rate(client: Client, db: Any, settings: Any) -> None:
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    for _ in range(4):
        response = client.post("/accounts/login/", {"login": "nobody@example.test", "password": "wrong password!"})
        assert response.status_code == 200


@pytest.mark.redis
def test_limits_and_page_versions_work_on_redis(settings: Any) -> None:
    import redis
    from django.core.cache import cache

    url = "redis://127.0.0.1:6379/13"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "eh-test-staffdoor"}}
    version_key = cache.make_and_validate_key("pagever:ward:1")
    try:
        rate = ratelimit.Rate(2, 600)
        assert [ratelimit.hit("t", "client", rate)[0] for _ in range(3)] == [True, True, False]
        before = pagecache.version("ward", 1)
        pagecache._bump("ward", 1)
        assert pagecache.version("ward", 1) == before + 1
        assert redis.Redis.from_url(url).ttl(version_key) > 60 * 60
    finally:
        client = redis.Redis.from_url(url)
        for key in client.scan_iter("eh-test-staffdoor:*"):
            client.delete(key)
