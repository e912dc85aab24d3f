import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public area pages are cached: start every test with an empty cache so pages show this test's data."""
    cache.clear()
    yield
    cache.clear()
