"""Benchmark: send one message to N subscribers across London through a real SMTP server on loopback,
with the database task backend (db_worker × 1, then × 2) and with RQ (rqworker × 2), beside a baseline:
a plain smtplib loop over one connection to the same server in the same run, measured before the first run and
again after each run; each run is compared with the mean of the baselines just before and just after it, so a
change in the machine's load between runs does not favour one of them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engagehub_bench_alerts \\
        python manage.py bench_alerts --subscribers 300000
"""

import json
import os
import signal
import smtplib
import statistics
import tempfile
import time
from email.message import EmailMessage
from typing import Any

import redis
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from alerts.models import ALL_INTERESTS, Message, Subscriber
from benchmarks.alerts import faults, harness
from places.models import Borough, Ward

DOMAIN = "bench.example.test"


def prepare_subscribers(n: int, stdout: Any) -> int:
    """Make sure bench subscribers 0..n-1 exist (kept between runs); return how many were created."""
    if not Borough.objects.exists():
        call_command("load_london", stdout=stdout)
    existing = Subscriber.objects.filter(email__endswith="@" + DOMAIN).count()
    if existing >= n:
        return 0
    wards = list(Ward.objects.values_list("pk", "borough_id"))
    now = timezone.now()
    made = 0
    chunk = 5000
    through_w = Subscriber.wards.through
    through_b = Subscriber.boroughs.through
    for start in range(existing, n, chunk):
        stop = min(n, start + chunk)
        with transaction.atomic():
            objs = [
                Subscriber(
                    email=f"bench{i}@{DOMAIN}",
                    email_confirmed_at=now,
                    status=Subscriber.Status.ACTIVE,
                    interests=ALL_INTERESTS,
                    london=(i % 100 == 0),
                )
                for i in range(start, stop)
            ]
            Subscriber.objects.bulk_create(objs, batch_size=1000)
            ids = dict(Subscriber.objects.filter(email__in=[o.email for o in objs]).values_list("email", "pk"))
            w_rows, b_rows = [], []
            for i in range(start, stop):
                pk = ids[f"bench{i}@{DOMAIN}"]
                ward_id, borough_id = wards[i % len(wards)]
                if i % 10 == 5:
                    b_rows.append(through_b(subscriber_id=pk, borough_id=borough_id))
                elif i % 100 != 0:
                    w_rows.append(through_w(subscriber_id=pk, ward_id=ward_id))
            through_w.objects.bulk_create(w_rows, batch_size=2000)
            through_b.objects.bulk_create(b_rows, batch_size=2000)
        made += stop - start
        stdout.write(f"  subscribers: {stop}/{n}")
    return made


def bench_message(label: str) -> Message:
    m = Message.objects.create(
        subject=f"Benchmark alert ({label})",
        body="This is a benchmark message to every subscriber in London.\n\nIt has two paragraphs.",
        london=True,
    )
    return m


def commit_baseline(n: int = 300) -> float:
    """Durable single-row UPDATE commits per second on this database (each delivery costs one)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE alerts_bench_probe (id integer PRIMARY KEY, v integer)")
        cur.execute("INSERT INTO alerts_bench_probe VALUES (1, 0)")
    try:
        start = time.perf_counter()
        for _ in range(n):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute("UPDATE alerts_bench_probe SET v = v + 1 WHERE id = 1")
        return n / (time.perf_counter() - start)
    finally:
        with connection.cursor() as cur:
            cur.execute("DROP TABLE alerts_bench_probe")


def smtp_baseline(port: int, n: int) -> float:
    """Messages per second of a plain smtplib loop over one connection, same size of message."""
    body = "This is a benchmark message to every subscriber in London.\n\nIt has two paragraphs.\n" + "x" * 600
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(n):
            msg = EmailMessage()
            msg["From"] = "bench@example.test"
            msg["To"] = f"baseline{i}@{DOMAIN}"
            msg["Subject"] = "Baseline"
            msg["Message-ID"] = f"<baseline-{i}@{DOMAIN}>"
            msg.set_content(body)
            smtp.send_message(msg)
    return n / (time.perf_counter() - start)


class Command(BaseCommand):
    help = "Benchmark alert fan-out to N subscribers over real SMTP with db_worker and RQ workers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--subscribers", type=int, default=300_000)
        parser.add_argument("--db-workers", default="1,2", help="Comma-separated worker counts for db_worker runs")
        parser.add_argument("--rq-workers", type=int, default=2, help="0 skips the RQ run")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--baseline", type=int, default=20_000, help="Messages in the smtplib baseline")
        parser.add_argument("--timeout", type=float, default=3600, help="Seconds allowed per run")
        parser.add_argument(
            "--faults",
            type=int,
            default=0,
            metavar="N",
            help="Then send to N subscribers through workers killed at the points in doubt, under each policy "
            "(needs DATABASE_URL)",
        )
        parser.add_argument("--prepare-only", action="store_true", help="Create subscribers and a draft; print JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        def interrupted(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt  # so that the finally blocks stop the workers and the SMTP server

        signal.signal(signal.SIGTERM, interrupted)
        n = opts["subscribers"]
        t = time.perf_counter()
        made = prepare_subscribers(n, self.stdout)
        prep_s = time.perf_counter() - t
        # Only the first n bench subscribers take part; others (from a bigger earlier run) are paused.
        Subscriber.objects.filter(email__endswith="@" + DOMAIN).update(status=Subscriber.Status.ACTIVE)
        extra = Subscriber.objects.filter(email__endswith="@" + DOMAIN).order_by("pk").values_list("pk", flat=True)[n:]
        Subscriber.objects.filter(pk__in=list(extra)).update(status=Subscriber.Status.PENDING)
        others = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).exclude(email__endswith="@" + DOMAIN)
        # A running service's statistics are kept current by the database (autovacuum); a bulk load just made is
        # not yet counted, and a plan made on stale figures would time the load, not the sending.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if opts["prepare_only"]:
            m = bench_message("fault test")
            self.stdout.write(json.dumps({"message_id": m.pk, "subscribers": n, "created": made}))
            return
        if others.exists():
            self.stdout.write(self.style.WARNING(f"{others.count()} other active subscribers will also receive it"))
        self.stdout.write(f"Prepared {n} subscribers ({made} new) in {prep_s:.1f} s")
        # Earlier runs that were interrupted may have left batch tasks behind: their messages go first.
        Message.objects.filter(subject__startswith="Benchmark alert").delete()
        commits = commit_baseline()
        self.stdout.write(f"Baseline: durable one-row UPDATE commits on this database: {commits:.0f}/s")
        counter = harness.SmtpCounter()
        logs = tempfile.mkdtemp(prefix="alerts-bench-")
        results: list[dict[str, Any]] = []
        try:
            base_n = min(opts["baseline"], max(n, 1000))
            baseline = smtp_baseline(counter.port, base_n)
            counter.reset()
            self.stdout.write(f"Baseline: plain smtplib loop, one connection: {baseline:.0f} messages/s ({base_n})")
            runs = [("database", int(w)) for w in opts["db_workers"].split(",") if w.strip()]
            if opts["rq_workers"]:
                if self._redis_up():
                    runs.append(("rq", opts["rq_workers"]))
                else:
                    self.stdout.write(self.style.WARNING("Redis is not reachable on REDIS_URL: RQ run skipped"))
            # Measured again after each run: the machine is shared, so each run is compared with the mean of the
            # baselines just before and just after it.
            baselines = [baseline]
            for backend, workers in runs:
                result = self._run(backend, workers, n, counter, logs, opts)
                counter.reset()
                baselines.append(smtp_baseline(counter.port, base_n))
                counter.reset()
                result["baseline_before"], result["baseline_after"] = baselines[-2], baselines[-1]
                result["ratio"] = result["per_second"] / ((baselines[-2] + baselines[-1]) / 2)
                results.append(result)
                self.stdout.write(json.dumps(result))
                self.stdout.write(f"Baseline again after {result['run']}: {baselines[-1]:.0f} messages/s ({base_n})")
        finally:
            counter.stop()
        self.stdout.write("")
        self.stdout.write(
            f"{'run':<22}{'msg/s':>9}{'x baseline':>12}{'baseline':>18}{'last (s)':>10}{'peak RSS MB':>13}{'copies':>9}"
        )
        for r in results:
            around = f"{r['baseline_before']:.0f}/{r['baseline_after']:.0f}"
            self.stdout.write(
                f"{r['run']:<22}{r['per_second']:>9.0f}{r['ratio']:>12.3f}{around:>18}"
                f"{r['time_to_last_s']:>10.1f}{r['peak_rss_mb']:>13.0f}{r['received']:>9}"
            )
        self.stdout.write("(baseline: a plain smtplib loop on one connection, msg/s just before / just after the run)")
        self.stdout.write(f"{'DB commits/s':<22}{commits:>9.0f}{commits / baseline:>12.3f}")
        self.stdout.write(f"worker logs: {logs}")
        if opts["faults"]:
            self._faults(opts["faults"], logs)

    def _faults(self, n: int, logs: str) -> None:
        """The fault trial under each policy, with its figures against the documented bound."""
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            raise CommandError("--faults needs DATABASE_URL: the workers and this command must share the database")
        self.stdout.write("")
        self.stdout.write(f"Fault trial: {n} recipients, workers killed before a send, after the server accepted a")
        self.stdout.write(f"message and before it was recorded, and during the record; window {faults.WINDOW} rows")
        rows = [faults.trial(policy, url, logs, n) for policy in ("hold", "resend")]
        for row in rows:
            self.stdout.write(json.dumps(row))
        self.stdout.write(
            f"{'policy':<8}{'kills':>7}{'bound':>7}{'missing':>9}{'twice':>7}{'unknown':>9}{'after reports':>22}"
        )
        for row in rows:
            after = (
                f"{row['missing_after_reports']} missing, {row['twice_after_reports']} twice"
                if "settled" in row
                else "(no reports)"
            )
            self.stdout.write(
                f"{row['policy']:<8}{row['kills']:>7}{row['bound']:>7}{row['missing']:>9}{row['twice']:>7}"
                f"{row['unknown']:>9}{after:>22}"
            )
        self.stdout.write('(bound: one window of rows in doubt per killed worker; docs/alerts.md, "The guarantee")')

    def _redis_up(self) -> bool:
        try:
            redis.Redis.from_url(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", socket_timeout=2).ping()
        except Exception:  # noqa: BLE001
            return False
        return True

    def _run(
        self, backend: str, workers: int, n: int, counter: harness.SmtpCounter, logs: str, opts: dict[str, Any]
    ) -> dict[str, Any]:
        label = f"{backend} x{workers}"
        counter.reset()
        m = bench_message(label)
        env = harness.worker_env(
            backend=backend, smtp_port=counter.port, extra={"ALERTS_BENCH_BATCH_SIZE": str(opts["batch_size"])}
        )
        procs = [harness.start_worker(backend, env, logs, i) for i in range(workers)]
        sampler = harness.RssSampler(lambda: [p.pid for p in procs])
        try:
            time.sleep(2)  # let the workers import Django before the clock starts
            t0 = time.time()
            harness.manage(["alerts_send", str(m.pk)], env)
            done = harness.wait_until(lambda: counter.count() >= n, opts["timeout"], interval=0.5)
            time.sleep(1)
        finally:
            peak = sampler.stop()
            harness.stop_processes(procs)
        prefix = f"<alert-{m.pk}-"
        records = [r for r in counter.records() if r["message_id"].startswith(prefix)]
        addresses = [r["address"] for r in records]
        last = max((r["at"] for r in records), default=t0)
        first = min((r["at"] for r in records), default=t0)
        elapsed = last - t0
        out = {
            "run": label,
            "subscribers": n,
            "received": len(addresses),
            "distinct": len(set(addresses)),
            "complete": done,
            "time_to_first_s": round(first - t0, 2),
            "time_to_last_s": round(elapsed, 2),
            "per_second": len(addresses) / elapsed if elapsed > 0 else 0.0,
            "peak_rss_mb": peak / 1024,
            "median_gap_ms": round(
                statistics.median(
                    [
                        b - a
                        for a, b in zip(
                            sorted(r["at"] for r in records)[:-1], sorted(r["at"] for r in records)[1:], strict=False
                        )
                    ]
                    or [0]
                )
                * 1000,
                3,
            ),
        }
        Message.objects.filter(pk=m.pk).delete()  # keep the bench database small between runs
        return out
