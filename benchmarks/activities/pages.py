"""The staff pages of the register timed through the real views (Django's test client: URL routing, middleware,
the staff door with its second factor, the view, the template), beside a minimal view in the same run, and the
London CSV and XLSX exports' rows per second. Used by `manage.py bench_activities`."""

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import User
from activities.exports import XLSX_MAX_ROWS
from activities.forms import FilterForm
from activities.models import Activity, CommunityOfInterest, MinimumStandard
from activities.queries import apply_filters
from core.startup import freeze_startup_objects
from organisations.models import Post, Role, Unit
from places.models import Borough, Ward

HOST = "localhost"


def bench_user(email: str, role: str, *, borough: Borough | None = None) -> User:
    """A member of staff with a second factor: London-wide when no borough is given."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
        unit, _ = Unit.objects.get_or_create(
            slug="bench-coordinators", defaults={"name": "Bench coordinators", "kind": Unit.Kind.BUSINESS_GROUP}
        )
        post = Post.objects.create(user=user, unit=unit, role=role, london_wide=borough is None)
        if borough is not None:
            post.boroughs.set([borough])
        TOTP.activate(user, generate_totp_secret())
    return user


def bench_standards() -> None:
    """Two standards for the report to weigh: a ward panel meeting in every ward each quarter, and an activity for
    a community in each borough each quarter."""
    MinimumStandard.objects.get_or_create(
        name="Bench: each ward panel meets quarterly",
        defaults={"level": MinimumStandard.Level.WARD, "method": Activity.Method.PANEL_MEETING, "period_days": 91},
    )
    community = CommunityOfInterest.objects.filter(slug="bench-community-0").first()
    MinimumStandard.objects.get_or_create(
        name="Bench: an activity for a community in each borough each quarter",
        defaults={"level": MinimumStandard.Level.BOROUGH, "community": community, "period_days": 91},
    )


def signed_in(user: User) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def _timed(client: Client, urls: Callable[[], str], repeat: int) -> tuple[float, float, int]:
    """p50 and p95 in ms of GETs of `urls()` (a fresh URL each time), and the queries of the last one."""
    for _ in range(min(3, repeat)):
        _get(client, urls())
    samples = []
    queries = 0
    for _ in range(repeat):
        url = urls()
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            _get(client, url)
            samples.append((time.perf_counter() - t) * 1000)
        queries = len(ctx)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95, queries


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.streaming:
        for _chunk in response.streaming_content:  # type: ignore[attr-defined]
            pass
    return response


def page_cases(rng: random.Random, years: int) -> list[tuple[str, str, Callable[[], str]]]:
    """(label, who, url maker) for every page timed: "london" for a London-wide coordinator, "borough" for one
    borough's champion."""
    wards = list(Ward.objects.select_related("borough"))
    boroughs = list(Borough.objects.all())
    communities = list(CommunityOfInterest.objects.values_list("slug", flat=True)) or [""]
    units = list(Unit.objects.filter(slug__startswith="bench-unit-").values_list("slug", flat=True)) or [""]
    start = timezone.localdate() - timedelta(days=int(365 * years / 2))
    days = 365 * years

    def day() -> date:
        return start + timedelta(days=rng.randrange(days))

    def month() -> str:
        return f"{day():%Y-%m}"

    def span() -> str:
        d = day()
        return f"date_from={d.isoformat()}&date_to={(d + timedelta(days=30)).isoformat()}"

    methods = list(Activity.Method.values)
    tiers = list(Activity.Tier.values)
    statuses = list(Activity.Status.values)
    return [
        ("register list, no filter", "london", lambda: f"/activities/?page={rng.randint(1, 20)}"),
        ("register list, borough's own area", "borough", lambda: f"/activities/?page={rng.randint(1, 20)}"),
        ("  filter: text", "london", lambda: f"/activities/?q=activity+{rng.randrange(100000)}"),
        ("  filter: ward", "london", lambda: f"/activities/?ward={rng.choice(wards).code}"),
        ("  filter: borough", "london", lambda: f"/activities/?borough={rng.choice(boroughs).code}"),
        ("  filter: community", "london", lambda: f"/activities/?community={rng.choice(communities)}"),
        ("  filter: unit", "london", lambda: f"/activities/?unit={rng.choice(units)}"),
        ("  filter: method", "london", lambda: f"/activities/?method={rng.choice(methods)}"),
        ("  filter: tier", "london", lambda: f"/activities/?tier={rng.choice(tiers)}"),
        ("  filter: status", "london", lambda: f"/activities/?status={rng.choice(statuses)}"),
        ("  filter: 30 days", "london", lambda: f"/activities/?{span()}"),
        (
            "  filter: borough, method, 30 days",
            "london",
            lambda: f"/activities/?borough={rng.choice(boroughs).code}&method={rng.choice(methods)}&{span()}",
        ),
        (
            "calendar: a borough's month",
            "london",
            lambda: f"/activities/calendar/?month={month()}&borough={rng.choice(boroughs).code}",
        ),
        ("fatigue: London-wide reader", "london", lambda: f"/activities/fatigue/?borough={rng.choice(boroughs).code}"),
        ("fatigue: a borough's champion", "borough", lambda: "/activities/fatigue/"),
        ("standards report: all London", "london", lambda: "/activities/standards/"),
        ("standards report: one borough", "borough", lambda: "/activities/standards/"),
    ]


# The pages link their stylesheet by name: without `collectstatic`'s manifest, by its plain name.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def measure_pages(out: Any, rng: random.Random, years: int, repeat: int) -> None:
    """Print p50/p95 of each staff page beside the minimal view, then the exports' rows per second. What this
    process holds before the first request is frozen first, as each web worker freezes what it made at start
    (`engagehub.wsgi`); the data this command loaded is collected first."""
    freeze_startup_objects()
    with override_settings(STORAGES=PLAIN_STATIC):
        _measure_pages(out, rng, years, repeat)


def _measure_pages(out: Any, rng: random.Random, years: int, repeat: int) -> None:
    boroughs = list(Borough.objects.order_by("code"))
    bench_standards()
    clients = {
        "london": signed_in(bench_user("bench-london@example.test", Role.CENTRAL_CHAMPION)),
        "borough": signed_in(bench_user("bench-borough@example.test", Role.BOROUGH_CHAMPION, borough=boroughs[0])),
    }
    base = _timed(clients["london"], lambda: "/healthz", repeat)
    out.write(f"\nPages through the real views ({repeat} requests each, fresh random filters each time)")
    out.write(f"{'page':<40}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×base':>11}{'p95 ×base':>11}{'queries':>9}")
    label = "baseline: minimal view (/healthz)"
    out.write(f"{label:<40}{base[0]:>9.2f}{base[1]:>9.2f}{1:>11.1f}{1:>11.1f}{base[2]:>9}")
    for label, who, urls in page_cases(rng, years):
        p50, p95, n = _timed(clients[who], urls, repeat)
        out.write(f"{label:<40}{p50:>9.2f}{p95:>9.2f}{p50 / base[0]:>11.1f}{p95 / base[1]:>11.1f}{n:>9}")
    measure_exports(out, clients["london"], rng, years)


def _matching(url: str) -> int:
    """How many activities the export at `url` holds (every one is visible to the London-wide reader)."""
    form = FilterForm(QueryDict(url.partition("?")[2]) or None)
    qs = Activity.objects.all()
    if form.is_bound and form.is_valid():
        qs = apply_filters(qs, form.filters())
    return qs.count()


def measure_exports(out: Any, client: Client, rng: random.Random, years: int) -> None:
    """The London CSV (every activity) and an XLSX of the largest recent span under the XLSX cap, in rows/s."""
    total = Activity.objects.count()
    first = timezone.localdate() - timedelta(days=int(365 * years / 2))
    per_day = max(1, total // max(1, 365 * years))
    span_days = max(1, int(XLSX_MAX_ROWS * 0.9) // per_day)
    last = first + timedelta(days=span_days)
    out.write(f"\n{'export':<40}{'rows':>10}{'seconds':>9}{'rows/s':>10}{'MB':>8}")
    for label, url in (
        ("CSV: all London", "/activities/export.csv"),
        ("XLSX: all London over a span", f"/activities/export.xlsx?date_from={first}&date_to={last}"),
    ):
        t = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        size = 0
        body = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
        for chunk in body:
            size += len(chunk)
        seconds = time.perf_counter() - t
        rows = _matching(url)
        out.write(f"{label:<40}{rows:>10,}{seconds:>9.1f}{rows / seconds:>10,.0f}{size / 1e6:>8.1f}")
