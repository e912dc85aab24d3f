"""Benchmark: the London tension summary over a year of assessments.

    manage.py bench_tension_summary [--weeks 52] [--items 30] [--runs 20]

In one transaction that is rolled back at the end (the database is left as it was), writes `--weeks` weeks of
published assessments for every borough and London, with `--items` items each, then times, median of `--runs`
after a warm-up: a primary-key read of one assessment (the baseline), the summary's reads
(`tension.queries.london_summary`, with its query count) and the whole London summary page (as a London-wide
reader, through the test client: permission checks, audit, map and table). Target: the page under 200 ms.
"""

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.models import User
from places.models import Borough
from tension import queries
from tension.models import Assessment, Item

# The page is rendered without collected static files (their names are not needed for timing).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _Rollback(Exception):
    pass


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Command(BaseCommand):
    help = "Time the London tension summary over weeks × 33 boroughs × items, beside a primary-key read."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=52)
        parser.add_argument("--items", type=int, default=30)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            with transaction.atomic():
                self._run(opts["weeks"], opts["items"], opts["runs"])
                raise _Rollback
        except _Rollback:
            self.stdout.write("(everything written was rolled back)")

    def _run(self, weeks: int, per: int, runs: int) -> None:
        if not Borough.objects.exists():
            call_command("load_london", stdout=open("/dev/null", "w"))  # noqa: SIM115
        rng = random.Random(7)
        boroughs: list[Borough | None] = [*Borough.objects.order_by("name"), None]
        last = date(2098, 12, 29) - timedelta(days=date(2098, 12, 29).weekday())  # beyond any real week
        started = time.perf_counter()
        assessments, items = [], []
        for w in range(weeks):
            week = last - timedelta(days=7 * w)
            for b in boroughs:
                assessments.append(
                    Assessment(
                        borough=b, week_starting=week, level=rng.randint(1, 6), trend="steady", status="published"
                    )
                )
                items += [
                    Item(
                        borough=b,
                        week_starting=week,
                        category=rng.choice(["evidenced", "experienced", "potential"]),
                        source_type="partner",
                        reliability="B",
                        text="Benchmark item.",
                    )
                    for _ in range(per)
                ]
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        Item.objects.bulk_create(items, batch_size=5000)
        self.stdout.write(
            f"Wrote {len(assessments):,} assessments and {len(items):,} items "
            f"({weeks} weeks × {len(boroughs)} areas × {per}) in {time.perf_counter() - started:.1f} s"
        )
        reader = User.objects.create_superuser(email="bench-tension@example.test", password=None)
        TOTP.activate(reader, generate_totp_secret())
        client = Client()
        client.force_login(reader)
        one = Assessment.objects.filter(week_starting=last).first()
        if one is None:
            raise CommandError("No assessment was written: give --weeks of at least 1.")
        baseline = _median_ms(lambda: Assessment.objects.get(pk=one.pk), runs)
        summary_ms = _median_ms(lambda: queries.london_summary(last), runs)
        with CaptureQueriesContext(connection) as ctx:
            queries.london_summary(last)
        url = f"/tension/london/?week={last.isoformat()}"

        def page() -> None:
            with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=STORAGES):
                response = client.get(url, secure=True)
            if response.status_code != 200:
                raise CommandError(f"The London summary page answered {response.status_code}.")

        page_ms = _median_ms(page, runs)
        with CaptureQueriesContext(connection) as page_ctx:
            page()
        self.stdout.write(f"Primary-key read of one assessment (baseline): {baseline:.2f} ms")
        self.stdout.write(
            f"London summary reads: {summary_ms:.1f} ms ({summary_ms / baseline:.0f}× baseline), "
            f"{len(ctx.captured_queries)} queries"
        )
        self.stdout.write(
            f"London summary page: {page_ms:.1f} ms ({page_ms / baseline:.0f}× baseline), "
            f"{len(page_ctx.captured_queries)} queries; target under 200 ms: {'met' if page_ms < 200 else 'NOT met'}"
        )
