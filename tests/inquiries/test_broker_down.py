"""With the broker down the webhook gives up on the publish at once and leaves the event for the sweep."""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta

import pytest

from inquiries.models import WebhookEvent
from inquiries.services import ingest
from inquiries.signatures import sign
from pmb_crm.celery import app as celery_app
from tests.inquiries.conftest import APP_SECRET, wa_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """A Redis broker URL on a port nobody listens on; tasks really published (not eager)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    _fresh_pools()
    yield
    monkeypatch.undo()
    _fresh_pools()


def _fresh_pools() -> None:
    """Drop the connection and producer pools so the next publish connects to the current broker_url."""
    celery_app._pool = None  # not closed: other holders of the old pool keep working
    celery_app.amqp._producer_pool = None


def test_webhook_answers_fast_and_keeps_the_event_pending(
    client, broker_down, django_capture_on_commit_callbacks
):
    timings = []
    for i in range(21):  # the first request warms Django up (imports, URL resolver): not timed
        body = json.dumps(wa_text(f"wamid.down{i}")).encode()
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/webhooks/whatsapp/",
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
            )
        if i:
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    assert WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).count() == 21
    ingest.doorbell.join()  # the drain's publish (off the request path) also gave up on the dead broker
    # no retry loop: a refused connection costs milliseconds (0.6-1.4 s each before)
    assert statistics.median(timings) < 0.1 and max(timings) < 0.4, timings


def test_stuck_wait_is_a_setting_never_shorter_than_the_hard_time_limit(settings):
    settings.WEBHOOK_STUCK_AFTER_MINUTES = 3
    assert ingest.stuck_after() == timedelta(minutes=3)
    settings.WEBHOOK_STUCK_AFTER_MINUTES = 1
    assert ingest.stuck_after() == timedelta(seconds=ingest.PROCESS_HARD_TIME_LIMIT)
