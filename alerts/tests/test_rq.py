"""Sending through the RQ backend to the real Redis on 127.0.0.1:6379 and a burst worker."""

import pytest

from alerts import services
from alerts.models import Delivery, Message
from alerts.tests.factories import SubscriberFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by this test


@pytest.fixture
def rq_backend(settings):
    import redis

    try:
        conn = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        conn.ping()
    except redis.exceptions.RedisError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    conn.flushdb()
    if "django_rq" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield conn
    conn.flushdb()


def test_message_is_sent_through_rq_and_a_burst_worker(rq_backend, smtp_server, ward, officer):
    from django_rq import get_queue
    from django_tasks_rq import Job
    from rq import SimpleWorker

    subs = [SubscriberFactory(wards=[ward]) for _ in range(3)]
    message = services.save_message(by=officer, subject="Via Redis", body="b", wards=[ward])
    services.send_message(message, by=officer)
    queue = get_queue("default")
    assert queue.count >= 1  # the fan-out task waits in Redis
    assert smtp_server.messages == []
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True)  # fan-out, which enqueues the batches
    worker.work(burst=True)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert sorted(m["X-Rcpt-To"] for m in smtp_server.messages) == sorted(s.email for s in subs)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
