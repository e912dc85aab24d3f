"""Background tasks of the public site (thin: take ids, call a service)."""

from django.conf import settings
from django_tasks import task

from website import prerender


@task()
def make_area_pages(
    wards: list[int],
    boroughs: list[int],
    everywhere: bool = False,
    london_version: int | None = None,
    again: bool = False,
) -> int:
    """Make these areas' pages ahead of their visitors (`website.prerender`)."""
    return prerender.make_pages(
        wards=wards, boroughs=boroughs, everywhere=everywhere, london_version=london_version, again=again
    )


def after_change(wards: list[int], boroughs: list[int], london: bool) -> None:
    """Once a change's pages are marked stale (`core.pagecache.after_change`): make them again in the background,
    every area's for a London-wide change."""
    if not settings.AREA_PAGES_PRERENDER:
        return
    if london:
        make_area_pages.enqueue([], [], everywhere=True, london_version=prerender.current_london_version())
    elif wards or boroughs:
        make_area_pages.enqueue(list(wards), list(boroughs))
