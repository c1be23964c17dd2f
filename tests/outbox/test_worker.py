"""End to end with a real Celery worker process (prefork, 2 children) and a real broker.

Each test starts its own worker on the shared test database; the fake Graph API and the local
SMTP server stand in for the providers.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AutomationSettings
from inquiries import tasks as inquiry_tasks
from inquiries.models import Inquiry
from leads import tasks as lead_tasks
from leads.models import Campaign, FollowUp, LeadStatus, SavedSegment, Temperature
from leads.services import create_lead
from outbox import services, sweep
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from tests.outbox.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def _status(message_id: int) -> str:
    return OutboundMessage.objects.values_list("status", flat=True).get(pk=message_id)


def _requests_for(fake_graph, message_id: int) -> list:
    return [r for r in fake_graph.sent_messages if r.json.get("biz_opaque_callback_data") == str(message_id)]


def test_lead_created_sends_exactly_one_welcome(celery_worker, fake_graph):
    lead = create_lead(full_name="Putri Ayu", whatsapp="+6281211110001", email="putri@example.com").lead
    welcome = OutboundMessage.objects.filter(lead=lead, purpose=Purpose.WELCOME)
    wait_for(
        lambda: welcome.filter(status=OutboundStatus.SENT).count() == 2, message="both welcome messages sent"
    )
    whatsapp = welcome.get(channel="whatsapp")
    create_lead(full_name="Putri Ayu", whatsapp="+6281211110001")  # the same person again: no second welcome
    time.sleep(1.5)  # let any duplicate task reach the worker
    [request] = fake_graph.sent_messages
    assert request.json["biz_opaque_callback_data"] == str(whatsapp.pk)
    assert request.json["template"]["name"] == "pmb_welcome"
    assert OutboundMessage.objects.get(pk=whatsapp.pk).provider_message_id.startswith("wamid.FAKE")
    assert welcome.count() == 2


def test_follow_up_sweep_twice_and_from_two_beats_gives_one_follow_up(celery_worker, fake_graph):
    now = timezone.now()
    lead = create_lead(full_name="Bagus Wibowo", status=LeadStatus.INQUIRED).lead  # no contact: no welcome
    lead.whatsapp = "+6281211110002"
    lead.save(update_fields=["whatsapp"])
    Inquiry.objects.create(
        channel="whatsapp", contact_key="6281211110002", lead=lead, received_at=now - timedelta(days=4)
    )
    # Two "beats" publish at the same moment; the two pool processes run them concurrently.
    publishers = [threading.Thread(target=inquiry_tasks.follow_up_inquirers.delay) for _ in range(2)]
    for publisher in publishers:
        publisher.start()
    for publisher in publishers:
        publisher.join()
    wait_for(
        lambda: celery_worker.count_in_logs("inquiries.tasks.follow_up_inquirers[") >= 4,
        message="both sweeps finished",
    )
    inquiry_tasks.follow_up_inquirers.delay()  # and once more, late
    wait_for(
        lambda: celery_worker.count_in_logs("inquiries.tasks.follow_up_inquirers[") >= 6,
        message="third sweep finished",
    )
    message = wait_for(
        lambda: OutboundMessage.objects.filter(
            lead=lead, purpose=Purpose.FOLLOW_UP, status=OutboundStatus.SENT
        ).first(),
        message="follow-up sent",
    )
    time.sleep(1)
    assert FollowUp.objects.filter(lead=lead, dedup_key__startswith="inquirer-3d:").count() == 1
    assert OutboundMessage.objects.filter(lead=lead, purpose=Purpose.FOLLOW_UP).count() == 1
    assert len(_requests_for(fake_graph, message.pk)) == 1
    assert len(fake_graph.sent_messages) == 1


def test_provider_500_is_retried_then_sent_once(celery_worker, fake_graph):
    AutomationSettings.objects.filter(pk=1).update(retry_base_seconds=1)
    lead = create_lead(
        full_name="Citra", phone="+6281211110003", last_inbound_whatsapp_at=timezone.now()
    ).lead
    fake_graph.respond(500, {"error": {"message": "Internal error", "code": 1}})
    message = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="Jadwal tes 5 Mei", lead=lead
    )
    wait_for(lambda: _status(message.pk) == OutboundStatus.SENT, message="sent after the retry")
    time.sleep(1)
    message.refresh_from_db()
    assert len(_requests_for(fake_graph, message.pk)) == 2  # the 500, then the success
    assert (message.attempts, message.error_code) == (2, "")
    assert message.provider_message_id.startswith("wamid.FAKE")


def test_worker_killed_mid_send_sends_once_after_restart(celery_worker, fake_graph):
    """What "once" means here: the request in flight when the worker died may or may not have been
    accepted by the provider (that is the documented duplicate window). After the restart the
    message is not lost, and it is sent exactly one more time — never by both the redelivered
    task and the sweep — and then recorded as sent with the second answer's id."""
    lead = create_lead(full_name="Dodi", phone="+6281211110004", last_inbound_whatsapp_at=timezone.now()).lead
    fake_graph.respond(200, {"messages": [{"id": "wamid.NEVER_SEEN"}]}, delay=15)
    message = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="Halo Dodi", lead=lead
    )
    wait_for(lambda: len(_requests_for(fake_graph, message.pk)) == 1, message="the first send in flight")
    celery_worker.kill()
    assert _status(message.pk) == OutboundStatus.SENDING

    celery_worker.start()
    # The beat sweep, run once the stuck limit has passed (simulated with `now`).
    later = timezone.now() + timedelta(minutes=AutomationSettings.current().stuck_sending_minutes + 1)
    assert sweep.requeue_stuck_messages(now=later) == 1
    assert sweep.requeue_stuck_messages(now=later) == 0  # a second beat finds nothing to re-queue
    wait_for(lambda: _status(message.pk) == OutboundStatus.SENT, message="sent after restart")
    time.sleep(1.5)
    message.refresh_from_db()
    assert len(_requests_for(fake_graph, message.pk)) == 2  # one in flight at the kill + one after restart
    assert message.attempts == 2
    assert message.provider_message_id.startswith("wamid.FAKE")


def test_unsubscribed_lead_receives_no_newsletter(smtp_server, celery_worker, client, admin_marketing):
    segment = SavedSegment.objects.create(
        name="Prospek cold", query="temperature=cold", created_by=admin_marketing
    )
    Campaign.objects.create(
        name="Info",
        subject="Gelombang 2 dibuka",
        body="Daftar sekarang.",
        segment=segment,
        approved_at=timezone.now(),
    )
    stays = create_lead(
        full_name="Rina",
        email="rina@example.com",
        temperature=Temperature.COLD,
        consent=True,
        consent_source="public_form",
    ).lead
    leaves = create_lead(
        full_name="Ujang",
        email="ujang@example.com",
        temperature=Temperature.COLD,
        consent=True,
        consent_source="public_form",
    ).lead
    wait_for(lambda: len(smtp_server.messages) == 2, message="the welcome emails")
    assert client.post(f"/unsubscribe/{leaves.unsubscribe_token}/").status_code == 200

    lead_tasks.send_due_newsletters.delay()
    wait_for(lambda: len(smtp_server.messages) == 3, message="the newsletter")
    time.sleep(1)
    newsletters = [m for m in smtp_server.messages if m["Subject"] == "Gelombang 2 dibuka"]
    assert [m.envelope_to for m in newsletters] == [["rina@example.com"]]
    assert (
        newsletters[0]["List-Unsubscribe"].strip()
        == f"<http://127.0.0.1:8000/unsubscribe/{stays.unsubscribe_token}/>"
    )
    assert newsletters[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not OutboundMessage.objects.filter(lead=leaves, purpose=Purpose.NEWSLETTER).exists()


def test_free_form_whatsapp_outside_the_window_makes_zero_free_form_calls(
    celery_worker, fake_graph, telemarketer
):
    lead = create_lead(full_name="Eka", phone="+6281211110005").lead  # never wrote on WhatsApp
    message = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="Jawaban bebas", lead=lead
    )
    wait_for(lambda: _status(message.pk) == OutboundStatus.SENT, message="the template sent")
    services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.SURVEY, body="Survei bebas", lead=lead
    )  # no survey template
    time.sleep(1.5)
    assert [r.json["type"] for r in fake_graph.sent_messages] == ["template"]
    assert fake_graph.sent_messages[0].json["template"]["name"] == "pmb_reply_ready"
    follow_up = FollowUp.objects.get(lead=lead, dedup_key__startswith="wa-window:")
    assert follow_up.owner == telemarketer
