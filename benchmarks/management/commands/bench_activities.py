"""Benchmark the register at scale: load N activities over several years, then time clash detection,
the fatigue figure of a ward and a borough's calendar month against a primary-key lookup in the same run, and
the staff pages (register list with each filter, calendar, fatigue, standards) through the real views beside a
minimal view, and the London CSV and XLSX exports in rows per second."""

import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from activities import queries
from activities.models import Activity, ActivityPlace, CommunityOfInterest
from activities.recurrence import occurrence_starts
from activities.services import footprint_rows
from benchmarks.activities.pages import measure_pages
from organisations.models import Unit
from places.models import Borough, Ward

METHODS = list(Activity.Method.values)
RECURRENCES = ["weekly", "fortnightly", "monthly", "six_weekly", "quarterly"]
BATCH = 5000
S, T = Activity.Status, Activity.Tier
# As a register runs: what has happened is mostly held and written up, a few were cancelled; what is to come is
# planned or confirmed. Tiers as the seeds' register spreads them: mostly local.
PAST_STATUSES = ([S.HELD] * 30 + [S.OUTCOME_RECORDED] * 35 + [S.FEEDBACK_GIVEN] * 25 + [S.CANCELLED] * 5
                 + [S.PLANNED] * 3 + [S.CONFIRMED] * 2)  # fmt: skip
FUTURE_STATUSES = [S.PLANNED] * 55 + [S.CONFIRMED] * 40 + [S.CANCELLED] * 5
TIERS = [T.BUSINESS_GROUP] * 85 + [T.EVENT] * 10 + [T.CENTRAL] * 5


def bench_status(rng: random.Random, starts_at: datetime, now: datetime) -> str:
    return rng.choice(PAST_STATUSES if starts_at < now else FUTURE_STATUSES)


class Command(BaseCommand):
    help = "Load N activities spread over several years and measure clash, fatigue and calendar reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--activities", type=int, default=10000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=200, help="measurements per figure")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--reuse", action="store_true", help="measure only, if the database already holds the activities"
        )
        parser.add_argument("--page-repeat", type=int, default=40, help="requests per staff page timed")
        parser.add_argument("--no-pages", action="store_true", help="skip the staff pages and the exports")

    def handle(self, *args: Any, **opts: Any) -> None:
        rng = random.Random(opts["seed"])  # noqa: S311 - benchmark data
        n, years = opts["activities"], opts["years"]
        if not Borough.objects.exists():
            call_command("load_london", stdout=self.stdout)
        existing = Activity.objects.filter(title__startswith="Bench activity").count()
        if opts["reuse"] and existing >= n:
            self.stdout.write(f"Reusing {existing:,} bench activities already loaded.")
        else:
            t0 = time.perf_counter()
            loaded = self.load(rng, n - existing if opts["reuse"] else n, years)
            self.stdout.write(
                f"Loaded {n:,} activities ({loaded:,} footprint rows) in {time.perf_counter() - t0:.0f} s"
            )
        self.analyze()
        self.measure(rng, years, opts["repeat"])
        if not opts["no_pages"]:
            measure_pages(self.stdout, rng, years, opts["page_repeat"])

    # ------------------------------------------------------------ load

    def load(self, rng: random.Random, n: int, years: int) -> int:
        units = []
        for i in range(20):
            unit, _ = Unit.objects.get_or_create(
                slug=f"bench-unit-{i}", defaults={"name": f"Bench unit {i}", "kind": Unit.Kind.BUSINESS_GROUP}
            )
            units.append(unit.pk)
        communities = []
        for i in range(10):
            c, _ = CommunityOfInterest.objects.get_or_create(
                slug=f"bench-community-{i}", defaults={"name": f"Bench community {i}"}
            )
            communities.append(c.pk)
        wards = list(Ward.objects.values_list("pk", "borough_id"))
        wards_by_borough: dict[int, list[tuple[int, int]]] = {}
        for w in wards:
            wards_by_borough.setdefault(w[1], []).append(w)
        boroughs = list(wards_by_borough)
        start = timezone.now() - timedelta(days=365 * years / 2)
        span = int(365 * years * 24 * 4)  # quarter hours
        now = timezone.now()
        through_w = Activity.wards.through
        through_b = Activity.boroughs.through
        through_c = Activity.communities.through
        footprint = 0
        done = 0
        while done < n:
            size = min(BATCH, n - done)
            specs = []
            objs = []
            for i in range(size):
                s = start + timedelta(minutes=15 * rng.randrange(span))
                s = s.replace(second=0, microsecond=0)
                duration = timedelta(hours=rng.choice([1, 1, 2, 2, 3]))
                r = rng.random()
                kind_wards: list[tuple[int, int]] = []
                kind_boroughs: list[int] = []
                london = False
                if r < 0.90:
                    kind_wards = [rng.choice(wards)]
                elif r < 0.96:
                    b = rng.choice(boroughs)
                    kind_wards = rng.sample(wards_by_borough[b], min(3, len(wards_by_borough[b])))
                elif r < 0.995:
                    kind_boroughs = [rng.choice(boroughs)]
                else:
                    london = True
                recurrence = ""
                until = None
                if rng.random() < 0.005:
                    recurrence = rng.choice(RECURRENCES)
                    until = (s + timedelta(days=rng.randint(60, 365))).date()
                comms = [rng.choice(communities)] if rng.random() < 0.2 else []
                method = rng.choice(METHODS)
                status = bench_status(rng, s, now)
                objs.append(
                    Activity(
                        title=f"Bench activity {done + i}",
                        purpose="Benchmark",
                        method=method,
                        tier=rng.choice(TIERS),
                        organising_unit_id=rng.choice(units),
                        starts_at=s,
                        ends_at=s + duration,
                        recurrence=recurrence,
                        repeat_until=until,
                        london_wide=london,
                        placeless=not (kind_wards or kind_boroughs or london),
                        status=status,
                        cancelled_reason="Benchmark" if status == S.CANCELLED else "",
                    )
                )
                specs.append((kind_wards, kind_boroughs, london, comms, method, recurrence, until, duration))
            with transaction.atomic():
                created = Activity.objects.bulk_create(objs, batch_size=BATCH)
                tw, tb, tc, rows = [], [], [], []
                for a, (kw, kb, london, comms, method, recurrence, until, duration) in zip(created, specs, strict=True):
                    tw += [through_w(activity_id=a.pk, ward_id=w) for w, _ in kw]
                    tb += [through_b(activity_id=a.pk, borough_id=b) for b in kb]
                    tc += [through_c(activity_id=a.pk, communityofinterest_id=c) for c in comms]
                    if a.status == S.CANCELLED:
                        continue  # a cancelled activity has no footprint (activities.services.footprint)
                    starts = occurrence_starts(a.starts_at, recurrence, until) if recurrence else [a.starts_at]
                    rows += footprint_rows(
                        activity_id=a.pk,
                        method=method,
                        starts=starts,
                        duration=duration,
                        wards=kw,
                        borough_ids=kb,
                        london_wide=london,
                        community_ids=comms,
                    )
                through_w.objects.bulk_create(tw, batch_size=BATCH)
                through_b.objects.bulk_create(tb, batch_size=BATCH)
                through_c.objects.bulk_create(tc, batch_size=BATCH)
                ActivityPlace.objects.bulk_create(rows, batch_size=BATCH)
                footprint += len(rows)
            done += size
            if done % 50000 == 0 or done == n:
                self.stdout.write(f"  {done:,} activities")
        return footprint

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # ------------------------------------------------------------ measure

    def time(self, fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
        for _ in range(min(5, repeat)):
            fn()  # warm up
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        return statistics.median(samples), p95

    def measure(self, rng: random.Random, years: int, repeat: int) -> None:
        total = Activity.objects.count()
        rows = ActivityPlace.objects.count()
        max_pk = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
        wards = list(Ward.objects.all())
        boroughs = list(Borough.objects.all())
        start = timezone.now() - timedelta(days=365 * years / 2)
        days = 365 * years

        def when() -> datetime:
            return start + timedelta(days=rng.randrange(days), hours=rng.randrange(8, 20))

        def baseline() -> None:
            Activity.objects.filter(pk=rng.randint(1, max_pk)).values_list("pk", "title").first()

        def clash() -> None:
            s = when()
            queries.find_clashes(
                queries.Proposal(starts_at=s, ends_at=s + timedelta(hours=2), ward_ids=[rng.choice(wards).pk]),
                window=timedelta(days=7),
            )

        cfg = queries.fatigue_config()

        def fatigue() -> None:
            queries.fatigue_for_ward(rng.choice(wards), at=when(), cfg=cfg)

        def calendar() -> None:
            d = when()
            queries.borough_month(rng.choice(boroughs), d.year, d.month)

        vendor = connection.vendor
        self.stdout.write(f"\nDatabase: {vendor}; {total:,} activities, {rows:,} footprint rows; {repeat} runs each")
        base = self.time(baseline, repeat)
        self.stdout.write(f"{'measure':<34}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×base':>11}{'p95 ×base':>11}")
        self.stdout.write(f"{'baseline: primary-key lookup':<34}{base[0]:>9.2f}{base[1]:>9.2f}{1:>11.1f}{1:>11.1f}")
        for label, fn, times in (
            ("clash check (1 ward, ±7 days)", clash, repeat),
            ("fatigue of a ward (4 and 12 wk)", fatigue, repeat),
            ("calendar: borough month", calendar, max(20, repeat // 4)),
        ):
            p50, p95 = self.time(fn, times)
            self.stdout.write(f"{label:<34}{p50:>9.2f}{p95:>9.2f}{p50 / base[0]:>11.1f}{p95 / base[1]:>11.1f}")
