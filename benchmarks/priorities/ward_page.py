"""Bench data for `manage.py bench_ward_page`: priorities with history for every ward, and many issues."""

import random
import re
import time as clock
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from activities.models import Activity
from activities.services import record_activity
from organisations.models import Unit
from organisations.services import ensure_unit
from places.models import Borough, Ward
from priorities.models import Category, Issue, Priority, Review


@transaction.atomic
def generate(*, wards: int | None = None, history: int = 10, issues: int = 50_000, seed: int = 1) -> dict[str, int]:
    """Give each ward `history` priorities (3 current, the rest closed with a review) and spread `issues`."""
    rng = random.Random(seed)  # noqa: S311 - bench data
    ward_qs = Ward.objects.order_by("pk")
    ward_list = list(ward_qs[:wards] if wards else ward_qs)
    today = timezone.localdate()
    cats = Category.values
    priorities: list[Priority] = []
    for ward in ward_list:
        for n in range(history):
            current = n < 3
            set_on = today - timedelta(days=30 + 60 * n)
            priorities.append(
                Priority(
                    ward=ward,
                    category=rng.choice(cats),
                    issue=f"Bench priority {n} for {ward.name}: a local problem people raised.",
                    action="Patrols, partnership work and a review with the ward panel.",
                    status=Priority.Status.CURRENT if current else Priority.Status.CLOSED,
                    set_on=set_on,
                    review_by=set_on + timedelta(days=60),
                    closed_on=None if current else set_on + timedelta(days=60),
                )
            )
    Priority.objects.bulk_create(priorities, batch_size=2000)
    closed = Priority.objects.filter(ward__in=ward_list, status=Priority.Status.CLOSED).values_list("pk", "closed_on")
    Review.objects.bulk_create(
        [
            Review(priority_id=pk, reviewed_on=closed_on, done="What was done, recorded at review.", outcome="closed")
            for pk, closed_on in closed
            if closed_on is not None
        ],
        batch_size=2000,
    )
    start = Issue.objects.count()
    batch: list[Issue] = []
    frequencies = Issue.Frequency.values
    for n in range(issues):
        ward = ward_list[n % len(ward_list)]
        batch.append(
            Issue(
                reference=f"ISS-BENCH-{start + n:07d}",
                category=rng.choice(cats),
                ward=ward,
                borough_id=ward.borough_id,
                description="A problem raised for the benchmark.",
                frequency=rng.choice(frequencies),
            )
        )
        if len(batch) >= 5000:
            Issue.objects.bulk_create(batch)
            batch = []
    if batch:
        Issue.objects.bulk_create(batch)
    return {"wards": len(ward_list), "priorities": len(priorities), "issues": issues}


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests per second and p50/p99 latency (ms) from `wrk --latency` output."""

    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s|m)\b", output)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s|m)\b", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": ms(*p50.groups()) if p50 else None,
        "p99_ms": ms(*p99.groups()) if p99 else None,
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def generate_activities(*, wards: int | None = None) -> int:
    """A year of activities for each ward through the activities service: a monthly ward panel meeting and a
    fortnightly street briefing (recurring series, 38 occurrences a ward), organised by the ward's team."""
    ward_qs = Ward.objects.select_related("borough").order_by("pk")
    ward_list = list(ward_qs[:wards] if wards else ward_qs)
    tz = timezone.get_current_timezone()
    first = timezone.localdate() - timedelta(days=182)
    made = 0
    for ward in ward_list:
        with transaction.atomic():
            team = ensure_unit(
                short_name=f"BENCH-{ward.code}",
                name=f"{ward.name} Safer Neighbourhood Team (bench)",
                kind=Unit.Kind.NEIGHBOURHOOD_TEAM,
                ward=ward,
                borough=ward.borough,
            )
            for title, method, recurrence, hour in (
                ("Ward panel meeting", Activity.Method.PUBLIC_MEETING, "monthly", 19),
                ("Street briefing", Activity.Method.STREET_BRIEFING, "fortnightly", 11),
            ):
                starts = timezone.make_aware(datetime.combine(first, time(hour)), tz)
                record_activity(
                    by=None,
                    check_scope=False,
                    data={
                        "title": f"{title}, {ward.name}",
                        "purpose": "To hear residents' concerns and report back on the ward's priorities.",
                        "method": method,
                        "organising_unit": team,
                        "starts_at": starts,
                        "ends_at": starts + timedelta(hours=1, minutes=30),
                        "recurrence": recurrence,
                        "repeat_until": first + timedelta(days=364),
                        "wards": [ward],
                    },
                )
                made += 1
    return made


def cpu_per_request(*, requests: int = 300) -> dict[str, float]:
    """Milliseconds of this process's CPU per request through Django's test client: the minimal view, a warm ward
    page, and ward and borough pages built for the request (a query string), rotating over every area: once with
    each area's content cached (as after a first visit), once built from nothing (the content cache off). CPU time
    of one process is not lengthened by other work on a shared machine, as served requests/s are."""
    client = Client()
    ward_codes = list(Ward.objects.order_by("pk").values_list("code", flat=True))
    borough_codes = list(Borough.objects.order_by("pk").values_list("code", flat=True))

    def per_request(urls: list[str]) -> float:
        for url in urls[:5]:  # what a running worker has already read (places held in memory, templates)
            client.get(url)
        start = clock.process_time()
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        return (clock.process_time() - start) / len(urls) * 1000

    def rotate(kind: str, codes: list[str], prefix: str = "") -> list[str]:
        return [f"{prefix}/{kind}/{codes[i % len(codes)]}/?n={i}" for i in range(requests)]

    warm = f"/wards/{ward_codes[0]}/"
    per_request(["/priorities/bench/minimal/", warm] * 50)  # settle the process before timing anything
    with override_settings(AREA_CONTENT_CACHE=False):
        cold = {
            "wards, built cold": per_request(rotate("wards", ward_codes)),
            "boroughs, built cold": per_request(rotate("boroughs", borough_codes)),
        }
    for url in rotate("wards", ward_codes) + rotate("boroughs", borough_codes) + rotate("wards", ward_codes, "/pl"):
        client.get(url)  # each area's content cached, as after one visit to it
    return {
        "minimal view": per_request(["/priorities/bench/minimal/"] * requests),
        "ward, warm": per_request([warm] * requests),
        "wards, content warm": per_request(rotate("wards", ward_codes)),
        "boroughs, content warm": per_request(rotate("boroughs", borough_codes)),
        "ward in Polish, warm": per_request([f"/pl{warm}"] * requests),
        "wards in Polish, content warm": per_request(rotate("wards", ward_codes, "/pl")),
        **cold,
    }
