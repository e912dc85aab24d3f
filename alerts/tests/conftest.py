import pytest


def pytest_collection_modifyitems(config, items):
    """Slow process-level tests run only when asked for: `pytest alerts -m slow` (or RUN_SLOW=1)."""
    import os

    if "slow" in (config.getoption("markexpr") or "") or os.environ.get("RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords and str(item.fspath).startswith(str(config.rootpath / "alerts")):
            item.add_marker(skip)
