"""Load London at scale, serve it with gunicorn and measure the ward page beside a minimal Django view."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.priorities.ward_page import cpu_per_request, generate, generate_activities, parse_wrk

DEFAULT_DB = "sqlite:////tmp/engagehub_bench_priorities.sqlite3"
# Served requests/s as a share of the minimal view's (issue 14): warm page cache, and every page built for the
# request (a query string), with each area's content cached as after a first visit and built from nothing.
TARGETS = {
    "ward, warm": 0.8,
    "wards, content warm": 0.15,
    "wards, made ahead": 0.15,
    "boroughs, content warm": 0.15,
    "wards, built cold": 0.15,
    "boroughs, built cold": 0.15,
}


def _rotation(path: Path, kind: str, codes: list[str], prefix: str = "", *, query: bool = True) -> Path:
    """A wrk script requesting each area's page in turn with a query string (which the page cache never serves;
    without one when `query` is false); each wrk thread starts at a different area. `prefix`: a language's, e.g.
    "/pl"."""
    listed = ", ".join(f'"{c}"' for c in codes)
    tail = '"/?n=" .. n' if query else '"/"'
    path.write_text(
        f"local codes = {{{listed}}}\n"
        "local n = 0\n"
        "function init(args) n = math.random(#codes) end\n"
        "function request()\n"
        "  n = n + 1\n"
        f'  return wrk.format("GET", "{prefix}/{kind}/" .. codes[(n % #codes) + 1] .. {tail})\n'
        "end\n"
    )
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Command(BaseCommand):
    help = (
        "Benchmark the public ward page (warm per-ward cache, anonymous) and every ward and borough page built "
        "afresh (a query string bypasses the page cache), with each area's content cached and built from nothing "
        "(a second server with the content cache off), against a minimal Django view, all served by gunicorn "
        "(2 sync workers, same settings) and measured with wrk in the same run."
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
        parser.add_argument("--cpu-only", action="store_true", help="(internal) CPU per request in this process")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["cpu_only"]:
            for name, ms in cpu_per_request().items():
                self.stdout.write(f"{name}={ms:.3f}")
            return
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
            "DJANGO_SETTINGS_MODULE": "benchmarks.priorities.bench_settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASK_BACKEND": "immediate",
            # Plain static storage: the bench does not run collectstatic (pages are served from the cache).
            "STATIC_MANIFEST": "false",
            # Polish live, to measure a translated page beside the English one.
            "LIVE_LANGUAGES": "pl",
            # No page made ahead while the data loads (a London-wide change below makes them all, timed).
            "AREA_PAGES_PRERENDER": "",
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
        codes = (
            subprocess.run(
                [
                    *manage,
                    "shell",
                    "-c",
                    "from places.models import Borough, Ward; w = Ward.objects.filter(name='Catford South').first() "
                    "or Ward.objects.order_by('pk').first(); print(w.code); "
                    "print(' '.join(Ward.objects.order_by('pk').values_list('code', flat=True))); "
                    "print(' '.join(Borough.objects.order_by('pk').values_list('code', flat=True)))",
                ],
                env=env,
                check=True,
                cwd=base,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-3:]
        )
        code, ward_codes, borough_codes = codes[0], codes[1].split(), codes[2].split()
        port = _free_port()
        server = self._serve(port, env, base, opts["workers"])
        try:
            base_url = f"http://127.0.0.1:{port}"
            minimal = f"{base_url}/priorities/bench/minimal/"
            warm = f"{base_url}/wards/{code}/"
            warm_polish = f"{base_url}/pl/wards/{code}/"
            self._wait(minimal)
            for url in (minimal, warm, warm_polish):
                for _ in range(opts["workers"] * 4):  # warm every worker's cache
                    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - loopback
                        if r.status != 200:
                            raise CommandError(f"{url} answered {r.status}")
            scripts = Path(tempfile.mkdtemp(prefix="bench_ward_page_"))
            wards_lua = _rotation(scripts / "wards.lua", "wards", ward_codes)
            boroughs_lua = _rotation(scripts / "boroughs.lua", "boroughs", borough_codes)
            polish_lua = _rotation(scripts / "wards_pl.lua", "wards", ward_codes, prefix="/pl")
            # Each area's content cached, as after one visit to each (a page built for one visitor fills it).
            for prefix, kind, codes_ in (
                ("", "wards", ward_codes),
                ("", "boroughs", borough_codes),
                ("/pl", "wards", ward_codes),
            ):
                for area in codes_:
                    with urllib.request.urlopen(f"{base_url}{prefix}/{kind}/{area}/?fill", timeout=60) as r:  # noqa: S310
                        r.read()
            runs = {
                "minimal view": (minimal, None),
                "ward, warm": (warm, None),
                # A query string bypasses the page cache: every request builds a page, rotating over every area.
                f"{len(ward_codes)} wards, content warm": (base_url, wards_lua),
                f"{len(borough_codes)} boroughs, content warm": (base_url, boroughs_lua),
                # The same in Polish: a translated page must stay within the English one's bounds.
                "ward in Polish, warm": (warm_polish, None),
                f"{len(ward_codes)} wards in Polish, content warm": (base_url, polish_lua),
            }
            results = {name: self._wrk(wrk, opts, url, script) for name, (url, script) in runs.items()}
            # A London-wide change: every page is stale, and made again ahead of its visitors by the task the
            # change queues (run here at once); then anonymous visitors to every ward, without a query string.
            made_ahead = self._london_wide_change(manage, env, base)
            anonymous_lua = _rotation(scripts / "wards_anonymous.lua", "wards", ward_codes, query=False)
            results[f"{len(ward_codes)} wards, made ahead"] = self._wrk(wrk, opts, base_url, anonymous_lua)
        finally:
            server.terminate()
            server.wait(timeout=30)
        # The same pages built from nothing: a server with the content cache off (AREA_CONTENT_CACHE=false).
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        cold = self._serve(port, {**env, "AREA_CONTENT_CACHE": "false"}, base, opts["workers"])
        try:
            self._wait(f"{base_url}/priorities/bench/minimal/")
            results[f"{len(ward_codes)} wards, built cold"] = self._wrk(wrk, opts, base_url, wards_lua)
            results[f"{len(borough_codes)} boroughs, built cold"] = self._wrk(wrk, opts, base_url, boroughs_lua)
            shutil.rmtree(scripts, ignore_errors=True)
        finally:
            cold.terminate()
            cold.wait(timeout=30)
        self.stdout.write(
            f"\nWard {code}; {opts['connections']} connections, {opts['duration']} s each, "
            f"gunicorn {opts['workers']} sync workers; database {opts['database_url']}\n"
        )
        self.stdout.write(f"{'':30}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'ratio':>8}")
        minimal_rps = results["minimal view"]["rps"] or 1.0
        for name, r in results.items():
            self.stdout.write(
                f"{name:30}{r['rps']:>10.0f}{(r['p50_ms'] or 0):>10.2f}{(r['p99_ms'] or 0):>10.2f}{r['errors']:>9}"
                f"{r['rps'] / minimal_rps:>8.3f}"
            )
        pages = 2 * (len(ward_codes) + len(borough_codes))
        self.stdout.write(
            f"\nA London-wide change: its task made {pages} pages (every ward and borough, English and Polish) "
            f"ahead of their visitors in {made_ahead} s"
        )
        self.stdout.write("\nRatios to the minimal view measured in the same run:")
        for name, target in TARGETS.items():
            matches = [r for n, r in results.items() if n.endswith(name)]
            ratio = matches[0]["rps"] / minimal_rps
            verdict = "meets" if ratio >= target else "misses"
            self.stdout.write(f"  {name:22} {ratio:.3f} ({verdict} the target of {target})")
        self.stdout.write("\nPolish pages as a share of the English ones' requests/s (1.0: as fast):")
        for english, polish in (
            ("ward, warm", "ward in Polish, warm"),
            ("wards, content warm", "wards in Polish, content warm"),
        ):
            english_rps = next(r["rps"] for n, r in results.items() if n.endswith(english))
            polish_rps = next(r["rps"] for n, r in results.items() if n.endswith(polish))
            self.stdout.write(f"  {polish:30} {polish_rps / (english_rps or 1.0):.3f}")
        # The same pages by CPU time in one process (test client, no server): steadier on a shared machine.
        lines = subprocess.run(
            [*manage, "bench_ward_page", "--cpu-only"],
            env={**env, "ALLOWED_HOSTS": "testserver"},
            check=True,
            cwd=base,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        cpu = {name: float(ms) for name, _, ms in (line.partition("=") for line in lines if "=" in line)}
        self.stdout.write("\nCPU per request in one process (ms) and its ratio to the minimal view:")
        for name, ms in cpu.items():
            self.stdout.write(f"  {name:22} {ms:8.2f} {cpu['minimal view'] / ms:8.3f}")

    def _london_wide_change(self, manage: list[str], env: dict[str, str], base: Path) -> str:
        """Mark every page stale as a London-wide change does, with the pages made ahead in English and Polish by
        the task it queues (the immediate backend: in this process); how long that took."""
        code = (
            "import time; from core import pagecache; start = time.monotonic(); pagecache.invalidate(london=True); "
            "print(f'{time.monotonic() - start:.1f}')"
        )
        made_env = {**env, "AREA_PAGES_PRERENDER": "en-gb,pl", "SITE_URL": "http://127.0.0.1"}
        result = subprocess.run(
            [*manage, "shell", "-c", code], env=made_env, check=True, cwd=base, capture_output=True, text=True
        )
        return result.stdout.strip().splitlines()[-1]

    def _serve(self, port: int, env: dict[str, str], base: Path, workers: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "engagehub.wsgi:application",
                "-w",
                str(workers),
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

    def _wrk(self, wrk: str, opts: dict[str, Any], url: str, script: Path | None) -> dict[str, Any]:
        command = [wrk, "-t2", f"-c{opts['connections']}", f"-d{opts['duration']}s", "--latency"]
        if script is not None:
            command += ["-s", str(script)]
        return parse_wrk(subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout)

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
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start in 180 seconds.")
