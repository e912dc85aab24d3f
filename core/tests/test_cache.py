"""The database cache's read of several keys answers as Django's own does: live entries by their caller's keys,
expired and missing ones left out, values of any picklable kind, under a key prefix and version."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

DB_CACHE = {
    "default": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "eh_cache"},
    "prefixed": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "eh_cache", "KEY_PREFIX": "p", "VERSION": 3},
}


@pytest.fixture
def database_cache(db: Any, settings: Any) -> Any:
    settings.CACHES = DB_CACHE
    call_command("createcachetable", verbosity=0)
    return caches["default"]


def test_get_many_reads_live_entries_by_the_callers_keys(database_cache: Any) -> None:
    database_cache.set("a", {"page": b"<html>"}, 60)
    database_cache.set("b", 7, 60)
    database_cache.set("c", "gone soon", 1)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        found = database_cache.get_many(["a", "b", "c", "missing"])
    assert found == {"a": {"page": b"<html>"}, "b": 7}
    assert database_cache.get_many([]) == {}


def test_get_many_keeps_prefix_and_version_apart(database_cache: Any) -> None:
    prefixed = caches["prefixed"]
    database_cache.set("k", "plain", 60)
    prefixed.set("k", "prefixed", 60)
    prefixed.set("k", "older version", 60, version=2)
    assert database_cache.get_many(["k"]) == {"k": "plain"}
    assert prefixed.get_many(["k"]) == {"k": "prefixed"}
    assert prefixed.get_many(["k"], version=2) == {"k": "older version"}


def test_get_many_agrees_with_get_for_many_key_counts(database_cache: Any) -> None:
    database_cache.set_many({f"key:{i}": i for i in range(12)}, 60)
    for count in (1, 2, 5, 12):
        keys = [f"key:{i}" for i in range(count)]
        assert database_cache.get_many(keys) == {key: database_cache.get(key) for key in keys}
