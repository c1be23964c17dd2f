from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError

from outbox.models import OutboundMessage, OutboundStatus
from outbox.services import queue_message
from outbox.sweep import requeue_stuck_messages
from outbox.tasks import send_outbound_message

pytestmark = pytest.mark.django_db


def test_broker_outage_keeps_the_message_queued_and_the_sweep_sends_it_later(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_outbound_message, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="email", recipient="calon@example.com", purpose="alert", subject="Uji", body="Isi"
        )
    message.refresh_from_db()
    assert message.status == OutboundStatus.QUEUED  # nothing lost, the caller did not fail

    monkeypatch.undo()
    from datetime import timedelta

    from django.utils import timezone

    OutboundMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        requeue_stuck_messages(now=timezone.now())
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT
