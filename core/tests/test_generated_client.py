"""A client generated from the OpenAPI description (openapi-python-client, pinned in requirements-dev) against a
live server: it pages, and gets typed errors for 401, 403, 404 and 422 instead of crashing. The API docs page
renders in Chromium under the site's Content Security Policy."""

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from accounts.services import create_api_token
from core.api_paging import MAX_PAGE_SIZE
from engagehub.api import api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    folder = tmp_path_factory.mktemp("generated")
    spec = folder / "openapi.json"
    spec.write_text(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    tool = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(  # noqa: S603 (the pinned generator, on a file this test wrote)
        [tool, "generate", "--path", spec, "--meta", "none", "--output-path", folder / "eh_client"],
        check=True,
        capture_output=True,
        cwd=folder,
    )
    sys.path.insert(0, str(folder))
    names = [
        "eh_client",
        "eh_client.api.places.places_api_list_boroughs",
        "eh_client.api.places.places_api_get_ward",
        "eh_client.api.accounts.accounts_api_me",
        "eh_client.api.priorities.priorities_api_list_priorities",
        "eh_client.models",
    ]
    try:
        yield {name.rsplit(".", 1)[-1]: importlib.import_module(name) for name in names}
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == "eh_client" or m.startswith("eh_client.")]:
            del sys.modules[name]


def _client(mods: dict[str, ModuleType], url: str, token: str = "") -> Any:
    if token:
        return mods["eh_client"].AuthenticatedClient(base_url=url, token=token)
    return mods["eh_client"].Client(base_url=url)


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_pages_and_gets_typed_errors(generated, live_server, london, administrator):
    models = generated["models"]
    anonymous = _client(generated, live_server.url)

    page = generated["places_api_list_boroughs"].sync(client=anonymous, limit=10, page=2)
    assert isinstance(page, models.PagedBoroughOut)
    assert page.count == 33 and len(page.results) == 10
    assert "page=3" in page.next_ and "page=1" in page.previous
    assert all(isinstance(b, models.BoroughOut) for b in page.results)

    too_many = generated["places_api_list_boroughs"].sync_detailed(client=anonymous, limit=MAX_PAGE_SIZE + 1)
    assert too_many.status_code == 422
    assert isinstance(too_many.parsed, models.Error)
    assert too_many.parsed.errors[0].field == "limit"

    missing = generated["places_api_get_ward"].sync_detailed(client=anonymous, code="E05999999")
    assert missing.status_code == 404 and "E05999999" in missing.parsed.detail

    forbidden = generated["accounts_api_me"].sync_detailed(client=anonymous)
    assert forbidden.status_code == 403 and isinstance(forbidden.parsed, models.Error)

    wrong_token = generated["accounts_api_me"].sync_detailed(client=_client(generated, live_server.url, "nonsense"))
    assert wrong_token.status_code == 401 and isinstance(wrong_token.parsed, models.Error)

    _token, raw = create_api_token(user=administrator, name="generated client")
    me = generated["accounts_api_me"].sync(client=_client(generated, live_server.url, raw))
    assert me.email == administrator.email

    every = models.PrioritiesApiListPrioritiesStatus("all")
    priorities = generated["priorities_api_list_priorities"].sync(client=anonymous, status=every)
    assert isinstance(priorities, models.PagedPriorityOut) and priorities.count == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_under_the_csp(live_server, page):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/boroughs", exact=True).first.wait_for()
    assert page.get_by_text("Engagement Hub API").first.is_visible()
    assert violations == []
    assert all(url.startswith(live_server.url) for url in requests), requests
