"""Benchmark: N responses to a Q-question survey, then the analysis page and the exports at N/10 and N.

    manage.py bench_consultations --responses 30000 --questions 25 [--db postgres|sqlite] [--db-name NAME]
        [--load api|bulk]

Creates a fresh database (PostgreSQL NAME, default `engagehub_bench_consultations`, or /tmp/NAME.sqlite3),
migrates it and creates a survey. With `--load api` (the default) it starts gunicorn (2 sync workers) on a free
loopback port and from this process sends the responses with a pool of 8 threads, beside a baseline of plain GETs
of the consultation's public page. With `--load bulk` it writes the same synthetic answers in batches and recounts
the tallies (fast, to reach 30,000 responses on a busy machine). Either way, after a tenth of the responses and
after all of them, a fresh process times: a minimal view (`/healthz`, the baseline), the analysis page (all
questions; a cross-tab by borough; a cross-tab by another question; median of 5 after a warm-up, with its query
count), a plain cursor read of the same answers (the exports' baseline) and the CSV and XLSX exports (each the
median of 3 runs), then in a second pass their peak Python memory (tracemalloc, never on while timing). Figures
are printed as ratios to the baselines and as growth from N/10 to N.
"""

import functools
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations import tallies
from consultations.models import Answer, Consultation, Question, Questionnaire, Response, Section
from places.models import Borough

DB_NAME = "engagehub_bench_consultations"
KINDS = ["single", "scale", "multiple", "number", "ranking", "long_text", "single", "scale", "short_text"]
WORDS = (
    "speeding cars school road drug dealing park night patrols visible officers estate burglary bikes station "
    "youth club lighting alley shop knife parents weekends noise parking bus stop graffiti litter"
).split()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


EXPORT_RUNS = 3


def _median_time(fn: Any, runs: int = EXPORT_RUNS) -> float:
    """The median of `runs` timings of `fn()`, in seconds."""
    spent = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        spent.append(time.perf_counter() - t0)
    return statistics.median(spent)


def _download(client: Client, url: str) -> int:
    """The bytes of a streamed download, read as they come."""
    return sum(len(chunk) for chunk in client.get(url).streaming_content)  # type: ignore[attr-defined,misc]


def _p(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Command(BaseCommand):
    help = "Benchmark consultation responses through the web API and the analysis of all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--responses", type=int, default=30000)
        parser.add_argument("--questions", type=int, default=25)
        parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--baseline", type=int, default=0, help="Baseline requests (default: N/10, 300..3000)")
        parser.add_argument(
            "--load",
            choices=["api", "bulk"],
            default="api",
            help="api: every response through the web endpoint (measures submission); bulk: written in batches, "
            "tallies recounted (fast, to measure the analysis and exports at scale)",
        )
        parser.add_argument(
            "--phase", choices=["run", "setup", "analyse", "load"], default="run", help=argparse_hidden()
        )
        parser.add_argument("--count", type=int, default=0, help=argparse_hidden())
        parser.add_argument("--seed", type=int, default=7, help=argparse_hidden())
        parser.add_argument("--slug", default="")
        parser.add_argument("--db-name", default=DB_NAME, help="PostgreSQL database (or /tmp SQLite file) name")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["phase"] == "setup":
            self.stdout.write(json.dumps(self.setup(opts["questions"])))
            return
        if opts["phase"] == "analyse":
            self.stdout.write(json.dumps(self.analyse(opts["slug"])))
            return
        if opts["phase"] == "load":
            self.stdout.write(json.dumps(self.load(opts["slug"], opts["count"], opts["seed"])))
            return
        self.run(opts)

    # --- phases run inside the benchmark database ---------------------------------------------------------

    def setup(self, n_questions: int) -> dict[str, Any]:
        borough, _ = Borough.objects.get_or_create(
            code="E09000023", defaults={"name": "Lewisham", "police_force": "Metropolitan Police Service"}
        )
        if not User.objects.filter(email="bench@example.test").exists():
            User.objects.create_superuser(email="bench@example.test", password="bench-only-password")  # noqa: S106
        now = timezone.now()
        c = Consultation.objects.create(
            slug=f"bench-{uuid.uuid4().hex[:8]}",
            title="Benchmark survey",
            proposal="Benchmark.",
            why_asking="Benchmark.",
            can_change="Everything.",
            how_used="Timing only.",
            audience="A load generator.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            identity=Consultation.Identity.ANONYMOUS,
            is_published=True,
        )
        c.boroughs.set([borough])
        q = Questionnaire.objects.create(consultation=c, version=1)
        sections = [Section.objects.create(questionnaire=q, position=i + 1, title=f"Section {i + 1}") for i in range(5)]
        questions = []
        for i in range(n_questions):
            kind = KINDS[i % len(KINDS)]
            extra: dict[str, Any] = {}
            if kind in ("single", "multiple", "ranking"):
                extra["options"] = [f"Option {j + 1}" for j in range(4)]
            if kind == "number":
                extra.update(min_value=0, max_value=120)
            question = Question.objects.create(
                section=sections[i * 5 // n_questions],
                position=i,
                kind=kind,
                text=f"Question {i + 1}",
                required=kind in ("single", "scale"),
                **extra,
            )
            questions.append(question)
        # One condition: the second single-choice question shows only if the first is "Option 1".
        singles = [x for x in questions if x.kind == "single"]
        if len(singles) >= 2:
            singles[1].show_if, singles[1].show_if_values = singles[0], ["Option 1"]
            singles[1].save()
        return {
            "slug": c.slug,
            "questions": [
                {"id": x.pk, "kind": x.kind, "options": x.choices(), "show_if": x.show_if_id} for x in questions
            ],
        }

    def load(self, slug: str, count: int, seed: int) -> dict[str, Any]:
        """Write `count` more responses with the same synthetic answers as the API run, in batches, then recount
        the tallies from the answers (as after any bulk load)."""
        c = Consultation.objects.get(slug=slug)
        questionnaire = c.current_questionnaire()
        assert questionnaire is not None  # noqa: S101 - created by the setup phase
        questions = list(Question.objects.filter(section__questionnaire=questionnaire))
        spec = [{"id": q.pk, "kind": q.kind, "options": q.choices()} for q in questions]
        by_id = {q.pk: q for q in questions}
        rng = random.Random(seed)  # noqa: S311 - synthetic answers
        t0 = time.perf_counter()
        for start in range(0, count, 1000):
            batch = []
            for _ in range(min(1000, count - start)):
                body = json.loads(self._answers(spec, rng))
                response = Response(
                    consultation=c, questionnaire=questionnaire, idempotency_key=body["idempotency_key"]
                )
                batch.append((response, body["answers"]))
            Response.objects.bulk_create([r for r, _ in batch])
            rows = []
            for response, answers in batch:
                for qid, value in answers.items():
                    q = by_id[int(qid)]
                    shown = q.show_if_id is None or answers.get(str(q.show_if_id)) in q.show_if_values
                    if not shown:
                        continue
                    if q.kind == "multiple":
                        rows += [Answer(response=response, question=q, option=v) for v in value]
                    elif q.kind == "ranking":
                        rows += [
                            Answer(response=response, question=q, option=v, number=i + 1) for i, v in enumerate(value)
                        ]
                    elif q.kind in ("single", "scale"):
                        rows.append(Answer(response=response, question=q, option=value))
                    elif q.kind == "number":
                        rows.append(Answer(response=response, question=q, number=int(value)))
                    else:
                        rows.append(Answer(response=response, question=q, text=value))
            Answer.objects.bulk_create(rows, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a real database
        written = time.perf_counter() - t0
        t0 = time.perf_counter()
        tallies.rebuild(questionnaire)
        return {"written_s": round(written, 1), "recount_s": round(time.perf_counter() - t0, 1)}

    def analyse(self, slug: str) -> dict[str, Any]:
        """Time, in this fresh process: a minimal view (the baseline), the analysis page with a cross-tab by
        borough and by another question, and the CSV and XLSX exports beside a plain read of the same answers."""
        c = Consultation.objects.get(slug=slug)
        client = Client()
        client.force_login(User.objects.get(email="bench@example.test"))
        choices = list(Question.objects.filter(section__questionnaire__consultation=c, kind__in=["single", "scale"]))
        base = reverse("consultations:analysis", args=[c.pk])
        urls = [base]
        if choices:
            urls.append(f"{base}?question={choices[0].pk}&by=borough")
        if len(choices) > 1:
            urls.append(f"{base}?question={choices[0].pk}&by=q{choices[1].pk}")

        def median_get(url: str, times: int = 5) -> tuple[float, int, int]:
            client.get(url)  # warm: templates, session, connection
            spent = []
            for _ in range(times):
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    page = client.get(url)
                    spent.append(time.perf_counter() - t0)
            return statistics.median(spent), page.status_code, len(captured)

        out: dict[str, Any] = {"responses": c.responses.count()}
        out["baseline_s"], _, _ = median_get(reverse("healthz"), 21)
        timed = [median_get(url) for url in urls]
        out["analysis_s"] = round(max(t for t, _, _ in timed), 4)
        out["analysis_each_s"] = [round(t, 4) for t, _, _ in timed]
        out["analysis_status"] = max(status for _, status, _ in timed)
        out["analysis_queries"] = [n for _, _, n in timed]
        # Memory in a second pass: tracemalloc slows Python down several times, so it never runs while timing.
        tracemalloc.start()
        for url in urls:
            client.get(url)
        out["analysis_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
        # Baseline for the exports: the same answers read with a plain cursor, nothing done with them.
        table = connection.ops.quote_name(Answer._meta.db_table)
        sql = (
            f"SELECT response_id, question_id, option, number, text, ward_id, file FROM {table} "  # noqa: S608
            "WHERE response_id IN (SELECT id FROM consultations_response WHERE consultation_id = %s)"
        )

        def plain_read() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, [c.pk])
                while cursor.fetchmany(5000):
                    pass

        # Each export (and its baseline) is timed EXPORT_RUNS times and the median kept: one run on a shared
        # machine says as much about its neighbours as about the export.
        out["read_s"] = round(_median_time(plain_read), 3)
        for fmt in ("csv", "xlsx"):
            url = reverse("consultations:export", args=[c.pk, fmt])
            out[f"{fmt}_s"] = round(_median_time(functools.partial(_download, client, url)), 3)
            tracemalloc.start()
            out[f"{fmt}_mb"] = round(_download(client, url) / 1e6, 1)
            out[f"{fmt}_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
            tracemalloc.stop()
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return out

    # --- orchestration --------------------------------------------------------------------------------------

    def run(self, opts: dict[str, Any]) -> None:
        n, threads = opts["responses"], opts["threads"]
        base = Path(settings.BASE_DIR)
        python = sys.executable
        if opts["db"] == "postgres":
            for cmd in (
                ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", opts["db_name"]],
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", opts["db_name"]],
            ):
                subprocess.run(cmd, check=True, capture_output=True)
            db_url = f"postgres://postgres@127.0.0.1:5432/{opts['db_name']}"
        else:
            path = Path("/tmp") / f"{opts['db_name']}.sqlite3"  # noqa: S108 - a throwaway benchmark database
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            db_url = f"sqlite:///{path}"
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
            "DEBUG": "0",
            "STATIC_MANIFEST": "0",
            "STAFF_MFA_REQUIRED": "0",
            "PUBLIC_FORM_RATE_LIMIT": "",  # the benchmark posts every response from one address
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "engagehub.settings",
        }
        manage = [python, str(base / "manage.py")]
        self.stdout.write(f"Database: {opts['db']} ({db_url}); migrating…")
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=base)
        setup = json.loads(
            subprocess.run(
                [*manage, "bench_consultations", "--phase", "setup", "--questions", str(opts["questions"])],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=base,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        slug = setup["slug"]
        if opts["load"] == "bulk":
            self._run_bulk(opts, manage, env, base, slug)
            return
        port = _free_port()
        gunicorn = Path(python).with_name("gunicorn")
        server = subprocess.Popen(
            [
                str(gunicorn),
                "engagehub.wsgi",
                "-w",
                str(opts["workers"]),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "error",
            ],
            env=env,
            cwd=base,
        )
        root = f"http://127.0.0.1:{port}"
        try:
            self._wait(root + "/api/v1/consultations/")
            baseline_n = opts["baseline"] or max(300, min(3000, n // 10))
            page_url = f"{root}/consultations/{slug}/"
            self.stdout.write(f"Baseline: {baseline_n} GETs of the consultation page, {threads} threads…")
            base_rate, base_lat, base_err = self._drive(baseline_n, threads, lambda i: self._get(page_url))
            submit_url = f"{root}/api/v1/consultations/{slug}/responses"
            rng_lock = threading.Lock()
            rng = random.Random(7)  # noqa: S311 - synthetic answers

            def one(i: int) -> float:
                with rng_lock:
                    body = self._answers(setup["questions"], rng)
                return self._post(submit_url, body)

            first = max(1, n // 10)
            self.stdout.write(f"Submitting {first} responses…")
            r1, l1, e1 = self._drive(first, threads, one)
            small = self._analyse(manage, env, base, slug)
            self.stdout.write(f"Submitting {n - first} more responses…")
            r2, l2, e2 = self._drive(n - first, threads, one) if n > first else (0.0, [], 0)
            large = self._analyse(manage, env, base, slug)
        finally:
            server.terminate()
            server.wait(timeout=30)
        lat = l1 + l2
        total_time = (first / r1 if r1 else 0) + ((n - first) / r2 if r2 else 0)
        rate = n / total_time if total_time else 0.0
        self.stdout.write("")
        self.stdout.write(
            f"Survey: {opts['questions']} questions; gunicorn {opts['workers']} workers; "
            f"client {threads} threads; {opts['db']}; load average at the end "
            f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        self.stdout.write(
            f"Baseline (GET consultation page): {base_rate:,.0f} req/s, p50 {_p(base_lat, 0.5) * 1000:.1f} ms, "
            f"p99 {_p(base_lat, 0.99) * 1000:.1f} ms, errors {base_err}"
        )
        self.stdout.write(
            f"Responses stored: {large['responses']:,} of {n:,} sent; {rate:,.0f} responses/s, "
            f"p50 {_p(lat, 0.5) * 1000:.1f} ms, p99 {_p(lat, 0.99) * 1000:.1f} ms, errors {e1 + e2}"
        )
        if base_rate:
            self.stdout.write(
                f"Ratio: submit throughput is {rate / base_rate:.2f}× the baseline; "
                f"p99 {(_p(lat, 0.99) / (_p(base_lat, 0.99) or 1)):.1f}× the baseline"
            )
        self._report(small, large)

    def _run_bulk(self, opts: dict[str, Any], manage: list[str], env: dict[str, str], base: Path, slug: str) -> None:
        n = opts["responses"]
        first = max(1, n // 10)
        loads, measured = [], []
        for count, seed in ((first, 7), (n - first, 8)):
            self.stdout.write(f"Writing {count:,} responses in batches…")
            done = subprocess.run(
                [
                    *manage,
                    "bench_consultations",
                    "--phase",
                    "load",
                    "--slug",
                    slug,
                    "--count",
                    str(count),
                    "--seed",
                    str(seed),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=base,
            )
            loads.append(json.loads(done.stdout.strip().splitlines()[-1]))
            measured.append(self._analyse(manage, env, base, slug))
        loads_text = ", ".join(f"{x['written_s']} s, tallies recounted in {x['recount_s']} s" for x in loads)
        self.stdout.write("")
        self.stdout.write(
            f"Survey: {opts['questions']} questions; {opts['db']}; responses written in bulk "
            f"({loads_text}); "
            f"load average at the end {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        self._report(measured[0], measured[1])

    def _report(self, small: dict[str, Any], large: dict[str, Any]) -> None:
        for label, m in (("after a tenth", small), ("after all", large)):
            n_resp = max(1, m["responses"])
            self.stdout.write(
                f"Analysis {label} ({m['responses']:,} responses): page {m['analysis_s'] * 1000:.0f} ms at worst of "
                f"{len(m['analysis_each_s'])} views ({', '.join(f'{t * 1000:.0f}' for t in m['analysis_each_s'])} ms; "
                f"queries {m['analysis_queries']}; HTTP {m['analysis_status']}) = "
                f"{m['analysis_s'] / m['baseline_s']:.1f}× the minimal view ({m['baseline_s'] * 1000:.1f} ms); "
                f"peak Python memory {m['analysis_peak_mb']} MB"
            )
            for fmt in ("csv", "xlsx"):
                self.stdout.write(
                    f"  {fmt.upper()} export: {m[f'{fmt}_mb']} MB in {m[f'{fmt}_s']} s = "
                    f"{n_resp / max(m[f'{fmt}_s'], 1e-6):,.0f} responses/s, "
                    f"{m[f'{fmt}_s'] / max(m['read_s'], 1e-6):.1f}× a plain read of the same answers "
                    f"({m['read_s']} s); peak Python memory {m[f'{fmt}_peak_mb']} MB"
                )
            self.stdout.write(f"  process peak RSS {m['peak_rss_mb']} MB")
        self.stdout.write(
            f"Growth for {large['responses'] / max(1, small['responses']):.0f}× the responses: analysis page "
            f"{large['analysis_s'] / max(1e-6, small['analysis_s']):.2f}× the time; memory: analysis "
            f"{large['analysis_peak_mb'] / max(0.1, small['analysis_peak_mb']):.2f}×, CSV export "
            f"{large['csv_peak_mb'] / max(0.1, small['csv_peak_mb']):.2f}×, XLSX export "
            f"{large['xlsx_peak_mb'] / max(0.1, small['xlsx_peak_mb']):.2f}×"
        )

    def _analyse(self, manage: list[str], env: dict[str, str], base: Path, slug: str) -> dict[str, Any]:
        self.stdout.write("Timing the analysis page and the export in a fresh process…")
        done = subprocess.run(
            [*manage, "bench_consultations", "--phase", "analyse", "--slug", slug],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=base,
        )
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    @staticmethod
    def _answers(questions: list[dict[str, Any]], rng: random.Random) -> bytes:
        answers: dict[str, Any] = {}
        for q in questions:
            kind, options = q["kind"], q["options"]
            if kind == "single" or kind == "scale":
                answers[str(q["id"])] = rng.choice(options)
            elif kind == "multiple":
                answers[str(q["id"])] = rng.sample(options, rng.randint(1, len(options)))
            elif kind == "ranking":
                answers[str(q["id"])] = rng.sample(options, len(options))
            elif kind == "number":
                answers[str(q["id"])] = str(rng.randint(0, 120))
            elif kind in ("short_text", "long_text"):
                answers[str(q["id"])] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        return json.dumps({"answers": answers, "idempotency_key": uuid.uuid4().hex}).encode()

    @staticmethod
    def _wait(url: str) -> None:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=30):  # noqa: S310 - loopback
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    @staticmethod
    def _get(url: str) -> float:
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:  # noqa: S310 - loopback
            r.read()
        return time.perf_counter() - t0

    @staticmethod
    def _post(url: str, body: bytes) -> float:
        req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")  # noqa: S310
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 - loopback
            r.read()
            if r.status not in (200, 201):
                raise CommandError(f"HTTP {r.status}")
        return time.perf_counter() - t0

    @staticmethod
    def _drive(n: int, threads: int, fn: Any) -> tuple[float, list[float], int]:
        """Run fn(i) n times on a bounded pool; returns (requests per second, latencies, errors)."""
        latencies: list[float] = []
        errors = 0
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for future in [pool.submit(fn, i) for i in range(n)]:
                try:
                    latencies.append(future.result())
                except Exception:  # noqa: BLE001 - counted and reported
                    errors += 1
        elapsed = time.perf_counter() - t0
        return (len(latencies) / elapsed if elapsed else 0.0), latencies, errors


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


__all__ = ["Command"]
