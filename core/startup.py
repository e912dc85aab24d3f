"""A web worker's start-up objects kept out of the garbage collector's full passes.

A worker holds a few hundred thousand objects made once at start (modules, models, forms, the address patterns)
that live as long as it does. Python's full collection visits every one of them whenever enough objects have
outlived younger collections: on the register's pages at 1,000,000 activities that was every few requests and
80–100 ms at a time, so the slowest requests took twice the median. Frozen once set up (`gc.freeze`, as Python's
documentation advises for long-running servers), they are never visited again; whatever requests make is collected
as before.
"""

import gc

from django.urls import get_resolver


def freeze_startup_objects() -> None:
    """Read the address patterns (otherwise read by the first request), collect, then freeze what is left."""
    get_resolver().url_patterns  # noqa: B018 - reading the property builds the patterns
    gc.collect()
    gc.freeze()
