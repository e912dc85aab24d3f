"""Load London at scale, serve it with gunicorn and measure the ward page beside a minimal Django view."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from priorities.bench import generate, generate_activities, parse_wrk

DEFAULT_DB = "sqlite:////tmp/engagehub_bench_priorities.sqlite3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Command(BaseCommand):
    help = (
        "Benchmark the public ward page (warm per-ward cache, anonymous) against a minimal Django view, both "
        "served by gunicorn (2 sync workers, same settings) and measured with wrk in the same run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database-url", default=DEFAULT_DB, help="bench database (SQLite file or PostgreSQL)")
        parser.add_argument("--wards", type=int, default=0, help="wards to load (0 = all of London)")
        parser.add_argument("--history", type=int, default=10, help="priorities per ward (3 current)")
        parser.add_argument("--issues", type=int, default=50_000)
        parser.add_argument("--no-activities", action="store_true", help="skip the year of activities")
        parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--reuse", action="store_true", help="keep an already loaded bench database")
        parser.add_argument("--generate-only", action="store_true", help="(internal) load data into this database")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["generate_only"]:
            counts = generate(wards=opts["wards"] or None, history=opts["history"], issues=opts["issues"])
            if not opts["no_activities"]:
                counts["activity_series"] = generate_activities(wards=opts["wards"] or None)
            self.stdout.write(f"loaded {counts}")
            return
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed (apt-get install wrk).")
        base = Path(settings.BASE_DIR)
        env = {
            **os.environ,
            "DATABASE_URL": opts["database_url"],
            "DJANGO_SETTINGS_MODULE": "priorities.bench_settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASK_BACKEND": "immediate",
            # Plain static storage: the bench does not run collectstatic (pages are served from the cache).
            "STATIC_MANIFEST": "false",
        }
        manage = [sys.executable, str(base / "manage.py")]
        if not opts["reuse"]:
            self._fresh_database(opts["database_url"])
            t0 = time.monotonic()
            for step in (["migrate", "-v0"], ["load_london"]):
                subprocess.run([*manage, *step], env=env, check=True, cwd=base, stdout=subprocess.DEVNULL)
            subprocess.run(
                [
                    *manage,
                    "bench_ward_page",
                    "--generate-only",
                    f"--wards={opts['wards']}",
                    f"--history={opts['history']}",
                    f"--issues={opts['issues']}",
                ],
                env=env,
                check=True,
                cwd=base,
            )
            self.stdout.write(f"Data loaded in {time.monotonic() - t0:.0f} s.")
        code = (
            subprocess.run(
                [
                    *manage,
                    "shell",
                    "-c",
                    "from places.models import Ward; w = Ward.objects.filter(name='Catford South').first() "
                    "or Ward.objects.order_by('pk').first(); print(w.code)",
                ],
                env=env,
                check=True,
                cwd=base,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "engagehub.wsgi:application",
                "-w",
                str(opts["workers"]),
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=base,
        )
        try:
            urls = {
                "ward page": f"http://127.0.0.1:{port}/wards/{code}/",
                "minimal view": f"http://127.0.0.1:{port}/priorities/bench/minimal/",
            }
            self._wait(urls["minimal view"])
            for url in urls.values():
                for _ in range(opts["workers"] * 4):  # warm every worker's cache
                    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - loopback
                        if r.status != 200:
                            raise CommandError(f"{url} answered {r.status}")
            results = {}
            for name, url in urls.items():
                out = subprocess.run(
                    [wrk, "-t2", f"-c{opts['connections']}", f"-d{opts['duration']}s", "--latency", url],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[name] = parse_wrk(out)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.stdout.write(
            f"\nWard {code}; {opts['connections']} connections, {opts['duration']} s each, "
            f"gunicorn {opts['workers']} sync workers; database {opts['database_url']}\n"
        )
        self.stdout.write(f"{'':14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
        for name, r in results.items():
            self.stdout.write(
                f"{name:14}{r['rps']:>10.0f}{(r['p50_ms'] or 0):>10.2f}{(r['p99_ms'] or 0):>10.2f}{r['errors']:>9}"
            )
        minimal = results["minimal view"]["rps"] or 1.0
        ratio = results["ward page"]["rps"] / minimal
        verdict = "meets" if ratio >= 0.5 else "misses"
        self.stdout.write(f"\nRatio ward page / minimal view: {ratio:.2f} ({verdict} the target of 0.50)")

    def _fresh_database(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        if url.startswith(("postgres://", "postgresql://")):
            name = url.rsplit("/", 1)[-1]
            host_part = url.split("://", 1)[1].rsplit("/", 1)[0]
            user, _, host = host_part.rpartition("@")
            host, _, port = host.partition(":")
            args = ["-h", host or "127.0.0.1", "-U", (user.split(":")[0] or "postgres"), "-p", port or "5432"]
            subprocess.run(["dropdb", *args, "--if-exists", name], check=True)
            subprocess.run(["createdb", *args, name], check=True)
            return
        raise CommandError("Use a sqlite:/// or postgres:// database URL.")

    def _wait(self, url: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start in 60 seconds.")
