"""Pages built in a bounded number of queries whatever the data (issue 14): count a page's queries, grow the
data, count again; the counts must be equal and at most `MAX_QUERIES`.

Counted with the database cache the service runs on without Redis, so a cache read counts as the query it is.
Each page is requested once before it is counted, as a running server would have served it before (places held
in memory, `places.reference`, are read then). A page the page cache serves whole is counted as it is built:
ask for it with a query string, as the benchmark does (`bench_ward_page`); served warm it takes no query at all
(website/tests/test_warm_pages.py).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import pagecache

MAX_QUERIES = 10
# What any signed-in request reads first: its session, its user, and the person's posts with their places and
# whether they have a second factor (organisations.scope.current_posts).
SIGNED_IN_QUERIES = 3
DB_CACHE = {"default": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "eh_cache"}}


def use_database_cache(settings: Any) -> None:
    """Count with the database cache (the test settings cache in memory, where a read is no query)."""
    settings.CACHES = DB_CACHE
    call_command("createcachetable", verbosity=0)


def count_queries(client: Any, url: str) -> tuple[int, list[str]]:
    """The queries one request for `url` makes (after a first request), and their SQL."""
    client.get(url)
    pagecache.forget()  # the page versions are read again, as after the second a process holds them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx), [q["sql"] for q in ctx.captured_queries]


def assert_flat(client: Any, urls: Iterable[str], grow: Callable[[], Any], *, limit: int = MAX_QUERIES) -> None:
    """Each page takes the same number of queries (at most `limit`) before and after `grow()` adds data."""
    urls = list(urls)
    before = {url: count_queries(client, url)[0] for url in urls}
    grow()
    problems = []
    for url in urls:
        after, statements = count_queries(client, url)
        if after != before[url] or after > limit:
            listing = "\n".join(f"    {sql[:160]}" for sql in statements)
            problems.append(f"{url}: {before[url]} queries, {after} once the data grew (at most {limit})\n{listing}")
    assert not problems, "\n".join(problems)
