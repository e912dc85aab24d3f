import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from places import postcode_bench
from places.models import Postcode
from places.postcode_import import load_postcodes
from places.services import find_postcode

SAMPLE_LOOKUPS = 1000


class Command(BaseCommand):
    help = (
        "Measure load_postcodes on a full-size generated directory file: rows a second on the first load and "
        "on loading it again, and how many London postcodes then resolve. Uses the configured database, or each "
        "database URL given with --db (migrated and loaded with London's places first). The database's postcodes "
        "are replaced by made-up ones: use a database kept for benchmarks."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rows", type=int, default=2_700_000)
        parser.add_argument("--file", default="", help="An existing directory file (otherwise one is generated).")
        parser.add_argument("--db", action="append", default=[], help="A database URL (sqlite:///… or postgres://…).")
        parser.add_argument("--all", action="store_true", help="Keep postcodes outside London too.")
        parser.add_argument("--json", action="store_true", help="One line of JSON (used with --db).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"] or f"/tmp/onspd_generated_{options['rows']}.csv")  # noqa: S108 - a scratch file
        if not path.is_file():
            if options["file"]:
                raise CommandError(f"No file at {path}")
            self.stderr.write(f"Writing {options['rows']:,} rows to {path} …")
            postcode_bench.write_file(path, options["rows"])
        if options["db"]:
            for url in options["db"]:
                self._elsewhere(url, path, options["all"])
            return
        result = self._measure(path, options["all"])
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self._show(settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], result)

    def _elsewhere(self, url: str, path: Path, keep_all: bool) -> None:
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        for step in (["migrate", "-v", "0"], ["load_london"]):
            subprocess.run([*manage, *step], env=env, check=True, stdout=subprocess.DEVNULL)
        command = [*manage, "bench_postcodes", "--file", str(path), "--json", *(["--all"] if keep_all else [])]
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        self._show(url.split(":", 1)[0], json.loads(out.strip().splitlines()[-1]))

    def _measure(self, path: Path, keep_all: bool) -> dict[str, Any]:
        Postcode.objects.all().delete()
        timings, cpu = [], []
        for _ in range(2):  # the first load inserts; the second updates every row to the same values
            started, started_cpu = time.monotonic(), time.process_time()
            with path.open(newline="", encoding="utf-8") as fh:
                counts = load_postcodes(fh, london_only=not keep_all)
            timings.append(time.monotonic() - started)
            cpu.append(time.process_time() - started_cpu)
        live = Postcode.objects.filter(ward__isnull=False, terminated=False)
        sample = list(live.order_by("?").values_list("display", flat=True)[:SAMPLE_LOOKUPS])
        started = time.monotonic()
        resolved = sum(1 for code in sample if find_postcode(code).ward is not None)
        lookup_ms = (time.monotonic() - started) * 1000 / max(len(sample), 1)
        return {
            "rows": counts["read"],
            "loaded": counts["loaded"],
            "first_seconds": round(timings[0], 2),
            "first_rows_per_second": round(counts["read"] / timings[0]),
            "again_seconds": round(timings[1], 2),
            "again_rows_per_second": round(counts["read"] / timings[1]),
            # This process's own CPU time (the file read and, on SQLite, the writes too; PostgreSQL's server works
            # in its own process): a steadier figure than the wall clock on a shared machine.
            "first_cpu_rows_per_second": round(counts["read"] / max(cpu[0], 1e-9)),
            "london_with_ward": Postcode.objects.filter(ward__isnull=False).count(),
            "london_live_with_ward": live.count(),
            "sample_resolved": f"{resolved}/{len(sample)}",
            "lookup_ms": round(lookup_ms, 2),
        }

    def _show(self, engine: str, r: dict[str, Any]) -> None:
        self.stdout.write(
            f"{engine}: {r['rows']:,} rows, {r['loaded']:,} postcodes loaded. "
            f"First load {r['first_seconds']} s ({r['first_rows_per_second']:,} rows/s); "
            f"again {r['again_seconds']} s ({r['again_rows_per_second']:,} rows/s); "
            f"{r.get('first_cpu_rows_per_second', 0):,} rows per second of this process's CPU. "
            f"{r['london_with_ward']:,} London postcodes have a ward ({r['london_live_with_ward']:,} in use); "
            f"{r['sample_resolved']} sampled postcodes found by the service "
            f"({r['lookup_ms']} ms each)."
        )
