"""The HTTP SMS provider adapter against a real HTTP server on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from notifications.channels import PermanentFailure, TemporaryFailure
from notifications.channels.httpgateway import HttpJsonGateway


@pytest.fixture
def provider(settings):
    received: list[dict] = []
    state = {"status": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(
                {"body": body, "auth": self.headers["Authorization"], "key": self.headers["Idempotency-Key"]}
            )
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": "prov-1"}).encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ALERTS_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/v1/sms"
    settings.ALERTS_SMS_HTTP_TOKEN = "secret-token"
    yield received, state
    server.shutdown()


def test_http_gateway_posts_json_and_returns_provider_id(provider):
    received, _ = provider
    ref = HttpJsonGateway().send(to="+447700900123", text="Hello", reference="alert-1-2-sms@x")
    assert ref == "prov-1"
    assert received[0]["body"]["to"] == "+447700900123"
    assert received[0]["body"]["body"] == "Hello"
    assert received[0]["auth"] == "Bearer secret-token"
    assert received[0]["key"] == "alert-1-2-sms@x"


def test_http_gateway_maps_errors(provider):
    _, state = provider
    state["status"] = 400
    with pytest.raises(PermanentFailure):
        HttpJsonGateway().send(to="+447700900123", text="x", reference="r")
    state["status"] = 503
    with pytest.raises(TemporaryFailure):
        HttpJsonGateway().send(to="+447700900123", text="x", reference="r")


def test_http_gateway_unreachable_is_temporary(settings):
    settings.ALERTS_SMS_HTTP_URL = "http://127.0.0.1:9/"
    settings.ALERTS_SMS_HTTP_TIMEOUT = 2
    with pytest.raises(TemporaryFailure):
        HttpJsonGateway().send(to="+447700900123", text="x", reference="r")


@pytest.mark.django_db
def test_sms_alerts_go_through_the_configured_gateway(
    provider, settings, ward, officer, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from alerts import services
    from alerts.models import Delivery
    from alerts.tests.factories import SubscriberFactory

    received, _ = provider
    settings.ALERTS_SMS_GATEWAY = "notifications.channels.httpgateway.HttpJsonGateway"
    SubscriberFactory(
        wards=[ward], wants_email=False, wants_sms=True, phone="+447700900321", phone_confirmed_at=timezone.now()
    )
    message = services.save_message(
        by=officer, subject="Flood", body="Roads closed", sms_text="Roads closed by flood", wards=[ward]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(message, by=officer)
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert received[-1]["body"]["body"].startswith("Roads closed by flood")
    assert received[-1]["key"].startswith(f"alert-{message.pk}-")
