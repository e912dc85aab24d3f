"""A message's bare group and consultation ids become (kind, id) audiences, and back."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("alerts", "0008_delete_smsoutbox")]
AFTER = [("alerts", "0009_message_audiences")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_group_and_consultation_ids_become_audiences_and_back() -> None:
    old = _migrate(BEFORE)
    messages = old.get_model("alerts", "Message").objects
    both = messages.create(subject="Both", body="b", group_id=7, consultation_id=9)
    group = messages.create(subject="Group", body="b", group_id=8)
    messages.create(subject="Areas only", body="b")

    new = _migrate(AFTER)
    rows = new.get_model("alerts", "MessageAudience").objects.order_by("message_id", "kind")
    assert list(rows.values_list("message_id", "kind", "object_id")) == [
        (both.pk, "consultation", 9),
        (both.pk, "group", 7),
        (group.pk, "group", 8),
    ]

    back = _migrate(BEFORE)
    restored = back.get_model("alerts", "Message").objects.order_by("pk")
    assert list(restored.values_list("group_id", "consultation_id")) == [(7, 9), (8, None), (None, None)]
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
