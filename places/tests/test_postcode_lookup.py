"""Postcode to ward: the local table first, then a postcodes.io-compatible service on loopback."""

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conftest import free_port
from core.errors import ServiceError
from places.models import Borough, Postcode, Ward
from places.services import find_postcode, normalise_postcode

pytestmark = pytest.mark.django_db


class FakePostcodesIO:
    """A real HTTP server answering like postcodes.io: /postcodes/<postcode>."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.status = 200
        self.body: bytes | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                compact = self.path.rsplit("/", 1)[-1].replace("%20", "").upper()
                if outer.status != 200:
                    self._send(outer.status, {"status": outer.status, "error": "Server error"})
                elif outer.body is not None:
                    self._send_raw(200, outer.body)
                elif compact in outer.known:
                    self._send(200, {"status": 200, "result": outer.known[compact]})
                else:
                    self._send(404, {"status": 404, "error": "Postcode not found"})

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                self._send_raw(status, json.dumps(payload).encode())

            def _send_raw(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def add(self, postcode: str, ward_code: str, district_code: str) -> None:
        self.known[postcode.replace(" ", "")] = {
            "postcode": postcode,
            "codes": {"admin_ward": ward_code, "admin_district": district_code},
        }


@pytest.fixture
def postcodes_io(settings: Any) -> Iterator[FakePostcodesIO]:
    service = FakePostcodesIO()
    service.thread.start()
    settings.POSTCODE_LOOKUP_URL = service.url
    settings.POSTCODE_LOOKUP_TIMEOUT = 2
    try:
        yield service
    finally:
        service.server.shutdown()
        service.server.server_close()


def _error(text: str) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        find_postcode(text)
    return info.value


@pytest.mark.parametrize(
    ("text", "compact"),
    [("se6 4ru", "SE64RU"), (" SE6  4RU ", "SE64RU"), ("sw1a1aa", "SW1A1AA"), ("EC1A 1BB", "EC1A1BB")],
)
def test_postcodes_are_normalised(text, compact):
    assert normalise_postcode(text) == compact


@pytest.mark.parametrize(
    "text", ["SE6", "not a postcode", "SE6 4RUX", "12345", "SE6 4R", "ＳＥ６ ４ＲＵ", "SE6\x004RU"]
)
def test_text_that_is_not_a_postcode_is_named_as_such(text):
    error = _error(text)
    assert error.code == "not_a_postcode"
    assert error.message == "Enter a full UK postcode, like SE6 4RU."


def test_empty_postcode_asks_for_one():
    assert _error("   ").code == "required"


def test_local_postcode_gives_its_ward_and_borough(london):
    match = find_postcode("se6 4ru")
    assert (match.postcode, match.borough.name, match.source) == ("SE6 4RU", "Lewisham", "local")
    assert match.ward.borough == match.borough


def test_postcode_outside_london_is_named_as_such(london):
    error = _error("M1 1AE")
    assert error.code == "outside_london"
    assert error.message.startswith("M1 1AE is not in London.")


def test_unknown_postcode_is_named_as_such_without_a_lookup_service(london, settings):
    settings.POSTCODE_LOOKUP_URL = ""
    error = _error("SE13 9ZZ")
    assert (error.code, error.message) == (
        "unknown",
        "We do not have SE13 9ZZ in our postcode list yet. Search for your area by name, use your location, "
        "or choose your borough from the list.",
    )
    assert "Check it" not in error.message


def test_postcode_with_a_borough_but_no_ward_names_the_borough(london, settings):
    settings.POSTCODE_LOOKUP_URL = ""
    lambeth = Borough.objects.get(name="Lambeth")
    Postcode.objects.create(postcode="SW29ZZ", display="SW2 9ZZ", borough=lambeth)
    error = _error("sw2 9zz")
    assert (error.code, error.message) == (
        "unknown",
        "SW2 9ZZ is in Lambeth, but we do not know its ward yet. Choose your ward from the list.",
    )


def test_terminated_postcode_says_it_is_no_longer_in_use(london):
    from places.models import Postcode

    old = Postcode.objects.filter(terminated=True).select_related("ward").first()
    error = _error(old.display)
    assert error.code == "terminated"
    assert f"{old.display} was retired in " in error.message
    assert f", so it is no longer in use. Its area is now in {old.ward.name} ward" in error.message


def test_retired_postcode_says_when_it_was_retired(london):
    old = Postcode.objects.filter(terminated=True).select_related("ward__borough").first()
    Postcode.objects.filter(pk=old.pk).update(terminated_on=datetime.date(2019, 6, 1))
    error = _error(old.postcode)
    assert error.message.startswith(f"{old.display} was retired in June 2019, so it is no longer in use. ")
    assert f"Its area is now in {old.ward.name} ward, {old.ward.borough.name}." in error.message


def test_local_table_is_asked_before_the_lookup_service(london, postcodes_io):
    assert find_postcode("SE6 4RU").source == "local"
    assert postcodes_io.requests == []


def test_lookup_service_finds_a_postcode_missing_from_the_table(london, postcodes_io):
    brixton = Ward.objects.get(name="Brixton Windrush")
    postcodes_io.add("SW2 1RW", brixton.code, brixton.borough.code)
    match = find_postcode("sw2 1rw")
    assert (match.ward, match.borough.name, match.source) == (brixton, "Lambeth", "lookup service")
    assert postcodes_io.requests == ["/postcodes/SW21RW"]


def test_lookup_service_unknown_postcode_is_unknown(london, postcodes_io):
    assert _error("SW2 9ZZ").code == "unknown"


def test_lookup_service_district_outside_london_is_outside_london(london, postcodes_io):
    postcodes_io.add("CM1 1AA", "E05004100", "E07000070")  # Chelmsford: in a London-ish postcode area
    assert _error("CM1 1AA").code == "outside_london"


def test_lookup_service_ward_we_do_not_know_in_a_london_borough_names_the_borough(london, postcodes_io):
    postcodes_io.add("SW2 1AB", "E05099999", "E09000022")
    error = _error("SW2 1AB")
    assert error.code == "unknown"
    assert "is in Lambeth" in error.message


def test_lookup_service_down_gives_a_clear_message(london, settings):
    settings.POSTCODE_LOOKUP_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    error = _error("SW2 1RW")
    assert error.code == "lookup_unavailable"
    assert error.message.startswith("We cannot look up postcodes just now.")


def test_lookup_service_failing_gives_a_clear_message(london, postcodes_io):
    postcodes_io.status = 500
    assert _error("SW2 1RW").code == "lookup_unavailable"


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"result": "x"}', b'{"result": {"codes": []}}', b"\xff"])
def test_lookup_service_odd_answers_are_not_a_crash(london, postcodes_io, body):
    postcodes_io.body = body
    assert _error("SW2 1RW").code in {"unknown", "lookup_unavailable"}


def test_postcode_form_shows_lookup_service_down_without_a_500(client, london, settings):
    settings.POSTCODE_LOOKUP_URL = f"http://127.0.0.1:{free_port()}"
    response = client.get("/find/", {"postcode": "SW2 1RW"})
    assert response.status_code == 503
    assert b"We cannot look up postcodes just now" in response.content


def test_api_uses_the_lookup_service_too(client, london, postcodes_io):
    brixton = Ward.objects.get(name="Brixton Windrush")
    postcodes_io.add("SW2 1RW", brixton.code, brixton.borough.code)
    body = client.get("/api/v1/postcodes/SW21RW").json()
    assert (body["ward"]["code"], body["source"]) == (brixton.code, "lookup service")


def test_api_says_when_the_lookup_service_is_down_with_503(client, london, settings):
    settings.POSTCODE_LOOKUP_URL = f"http://127.0.0.1:{free_port()}"
    response = client.get("/api/v1/postcodes/SW21RW")
    assert response.status_code == 503
    assert response.json()["code"] == "lookup_unavailable"
