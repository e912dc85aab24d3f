"""Benchmark matching: load N volunteers (bulk inserts), then time matching one opportunity (the fill page's
first 100 matches, nearest first, and the count of every match) against a primary-key lookup in the same run."""

import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from organisations.models import Unit
from places import positions
from places.models import Borough, Ward
from volunteers.matching import matches
from volunteers.models import Language, Opportunity, Skill, Volunteer

PREFIX = "Bench volunteer"
BATCH = 5000


class Command(BaseCommand):
    help = "Load N fictional volunteers and measure p50/p95 of matching one opportunity against a primary-key lookup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--volunteers", type=int, default=20_000)
        parser.add_argument("--repeat", type=int, default=200, help="measurements per figure")
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args: Any, **opts: Any) -> None:
        rng = random.Random(opts["seed"])  # noqa: S311 - benchmark data
        if not Borough.objects.exists():
            call_command("load_london", stdout=self.stdout)
        have = Volunteer.objects.filter(name__startswith=PREFIX).count()
        if have < opts["volunteers"]:
            t0 = time.perf_counter()
            self.load(rng, opts["volunteers"] - have, have)
            self.stdout.write(f"Loaded {opts['volunteers'] - have:,} volunteers in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.measure(rng, opts["repeat"])

    @transaction.atomic
    def load(self, rng: random.Random, n: int, start: int) -> None:
        skills = [Skill.objects.get_or_create(name=f"Bench skill {i}")[0].pk for i in range(12)]
        languages = [Language.objects.get_or_create(name=f"Bench language {i}")[0].pk for i in range(15)]
        boroughs = list(Borough.objects.values_list("pk", flat=True))
        centres = positions.borough_centres(boroughs)
        kinds = list(Volunteer.Kind.values)
        today = timezone.localdate()
        for offset in range(0, n, BATCH):
            rows = []
            for i in range(offset, min(n, offset + BATCH)):
                kind = rng.choice(kinds)
                level = rng.choice([0, 1, 1, 2, 2, 3])
                home = rng.choice(boroughs)
                lat, lon = centres[home]
                rows.append(
                    Volunteer(
                        name=f"{PREFIX} {start + i}",
                        kind=kind,
                        home_borough_id=home,
                        home_latitude=lat + rng.uniform(-0.02, 0.02),
                        home_longitude=lon + rng.uniform(-0.03, 0.03),
                        available_weekdays=rng.random() < 0.6,
                        available_weekends=rng.random() < 0.6,
                        available_evenings=rng.random() < 0.4,
                        vetting_level=level,
                        vetting_expires_on=today + timedelta(days=rng.randint(-200, 1200)) if level else None,
                        status=rng.choice(["active"] * 8 + ["paused", "left"]),
                        date_of_birth=today - timedelta(days=rng.randint(14 * 365, 17 * 365))
                        if kind == Volunteer.Kind.CADET
                        else None,
                        guardian_name="Bench guardian" if kind == Volunteer.Kind.CADET else "",
                        guardian_phone="0" if kind == Volunteer.Kind.CADET else "",
                    )
                )
            made = Volunteer.objects.bulk_create(rows)
            Volunteer.skills.through.objects.bulk_create(
                [Volunteer.skills.through(volunteer_id=v.pk, skill_id=s) for v in made for s in rng.sample(skills, 3)]
            )
            Volunteer.languages.through.objects.bulk_create(
                [
                    Volunteer.languages.through(volunteer_id=v.pk, language_id=lang)
                    for v in made
                    for lang in rng.sample(languages, 2)
                ]
            )

    def time(self, fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
        for _ in range(min(5, repeat)):
            fn()  # warm up
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]

    def _opportunities(self, rng: random.Random) -> list[Opportunity]:
        unit, _ = Unit.objects.get_or_create(
            slug="bench-volunteer-hub", defaults={"name": "Bench volunteer hub", "kind": Unit.Kind.BUSINESS_GROUP}
        )
        skills = list(Skill.objects.filter(name__startswith="Bench skill"))
        languages = list(Language.objects.filter(name__startswith="Bench language"))
        boroughs = list(Borough.objects.all())
        out = []
        base = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
        for i in range(20):
            start = base + timedelta(days=i % 7, hours=rng.choice([0, 3, 8]))
            opportunity = Opportunity.objects.create(
                title=f"Bench opportunity {i}",
                description="Benchmark",
                unit=unit,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                places=10,
                min_vetting=rng.choice([0, 1, 2]),
                language=rng.choice(languages) if i % 3 == 0 else None,
                min_age=18 if i % 4 == 0 else None,
            )
            places = rng.sample(boroughs, 1 + i % 3) if i % 5 else []
            opportunity.boroughs.set(places)
            if places and i % 2:  # some name wards: distance to the wards' centres
                opportunity.wards.set(rng.sample(list(Ward.objects.filter(borough=places[0])), 2))
            opportunity.skills.set(rng.sample(skills, i % 3))
            out.append(opportunity)
        return out

    def measure(self, rng: random.Random, repeat: int) -> None:
        total = Volunteer.objects.count()
        max_pk = Volunteer.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
        opportunities = self._opportunities(rng)

        def baseline() -> None:
            Volunteer.objects.filter(pk=rng.randint(1, max_pk)).values_list("pk", "name").first()

        def first_100() -> None:
            list(matches(rng.choice(opportunities))[:100])

        def count_all() -> None:
            matches(rng.choice(opportunities)).count()

        found = [matches(o).count() for o in opportunities]
        self.stdout.write(
            f"{connection.vendor}, {total:,} volunteers, {len(opportunities)} opportunities "
            f"(matches each: min {min(found):,}, median {statistics.median(found):,.0f}, max {max(found):,}); "
            f"{repeat} runs each, milliseconds"
        )
        self.stdout.write(f"{'':<36}{'p50':>9}{'p95':>9}{'p50 ratio':>11}{'p95 ratio':>11}")
        base = self.time(baseline, repeat)
        self.stdout.write(f"{'baseline: primary-key lookup':<36}{base[0]:>9.2f}{base[1]:>9.2f}{1:>11.1f}{1:>11.1f}")
        for label, fn in (("match one opportunity (first 100)", first_100), ("count every match", count_all)):
            p50, p95 = self.time(fn, repeat)
            self.stdout.write(f"{label:<36}{p50:>9.2f}{p95:>9.2f}{p50 / base[0]:>11.1f}{p95 / base[1]:>11.1f}")
        Opportunity.objects.filter(pk__in=[o.pk for o in opportunities]).delete()
