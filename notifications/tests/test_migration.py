"""Moving the outboxes into this app keeps every row: migrate back to before the move, write rows, migrate forward."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("core", "0005_merge_0004_model_bounds_0004_outbox_retries"),
    ("alerts", "0007_subscriber_languages_of_the_site"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_email_and_text_and_their_content_types() -> None:
    old = _migrate([*BEFORE, ("notifications", None)])
    email = old.get_model("core", "OutboundEmail").objects.create(to="a@example.org", subject="Hello", text="Hi")
    sms = old.get_model("alerts", "SmsOutbox").objects.create(to="+447700900123", text="Code 1", status="failed")
    content_types = old.get_model("contenttypes", "ContentType").objects
    old_type, _ = content_types.get_or_create(app_label="core", model="outboundemail")

    latest = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    emails = latest.get_model("notifications", "OutboundEmail").objects
    texts = latest.get_model("notifications", "SmsOutbox").objects
    assert list(emails.values_list("pk", "to", "subject")) == [(email.pk, "a@example.org", "Hello")]
    assert list(texts.values_list("pk", "to", "status")) == [(sms.pk, "+447700900123", "failed")]
    moved = latest.get_model("contenttypes", "ContentType").objects.get(pk=old_type.pk)
    assert (moved.app_label, moved.model) == ("notifications", "outboundemail")
    # New rows go on in the same tables, after the old ones.
    assert emails.create(to="b@example.org", subject="Again", text="x").pk > email.pk
