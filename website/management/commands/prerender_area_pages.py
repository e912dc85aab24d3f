"""Run every five minutes (the scheduler's `prerender_area_pages` job): every ward's and borough's page made again
ahead of its visitors, by a task worker (`website.prerender`); `--now` makes them in this process."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from website import prerender, tasks


class Command(BaseCommand):
    help = "Make every ward's and borough's public page ahead of its visitors (queued for a task worker)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="make them in this process and say how long it took")

    def handle(self, *args: Any, **opts: Any) -> None:
        languages = ", ".join(settings.AREA_PAGES_PRERENDER) or "none (AREA_PAGES_PRERENDER is empty)"
        if opts["now"]:
            start = time.monotonic()
            made = prerender.make_pages(everywhere=True, again=True)
            self.stdout.write(f"{made} pages made in {time.monotonic() - start:.1f} s; languages: {languages}")
            return
        if settings.AREA_PAGES_PRERENDER:
            # A London-wide change while they are made stops this round: that change's own task makes them all.
            tasks.make_area_pages.enqueue(
                [], [], everywhere=True, london_version=prerender.current_london_version(), again=True
            )
        self.stdout.write(f"queued; languages: {languages}")
