"""queue_message, the welcome message, delivery through the record backend and the Graph API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from leads import policies as lead_policies
from leads.models import FollowUp
from leads.services import create_lead
from outbox import delivery, services
from outbox.models import OutboundChannel, OutboundMessage, OutboundStatus, Purpose, WhatsAppTemplate

pytestmark = pytest.mark.django_db


def make_lead(**fields):
    defaults = {"full_name": "Siti Aminah", "email": "siti@example.com", "whatsapp": "+6281234567890"}
    defaults.update(fields)
    return create_lead(**defaults).lead


def test_new_lead_gets_one_welcome_email_and_one_whatsapp_template(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lead = make_lead()
    assert len(callbacks) == 2
    welcome = OutboundMessage.objects.filter(lead=lead, purpose=Purpose.WELCOME)
    assert sorted(welcome.values_list("channel", "status")) == [("email", "sent"), ("whatsapp", "sent")]
    whatsapp = welcome.get(channel=OutboundChannel.WHATSAPP)
    assert whatsapp.template_name == "pmb_welcome" and whatsapp.template_params == ["Siti"]
    assert whatsapp.provider_message_id == f"recorded-{whatsapp.pk}"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@example.com"]
    assert "Halo Siti" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_welcome_is_sent_once_even_when_asked_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead = make_lead()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lead_policies.send_welcome(lead)
        make_lead()  # same contacts: the existing lead, no new welcome
    assert callbacks == []
    assert OutboundMessage.objects.filter(lead=lead, purpose=Purpose.WELCOME).count() == 2
    assert len(mail.outbox) == 1


def test_lead_without_contact_gets_no_welcome():
    lead = make_lead(email="", whatsapp="", phone="+6281111111111")
    assert not OutboundMessage.objects.filter(lead=lead).exists()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"channel": "fax"}, "Unknown channel"),
        ({"purpose": "spam"}, "Unknown purpose"),
        ({"recipient": "  "}, "needs a recipient"),
        ({"body": ""}, "needs a body"),
        ({"channel": "email", "subject": ""}, "needs a subject"),
    ],
)
def test_queue_message_rejects_bad_input(kwargs, error):
    base = {"channel": "whatsapp", "recipient": "+628123", "purpose": "reply", "body": "Halo"}
    with pytest.raises(services.MessageRefused, match=error):
        services.queue_message(**{**base, **kwargs})


def test_newsletter_refused_without_marketing_consent():
    lead = make_lead()
    with pytest.raises(services.MessageRefused, match="consented"):
        services.queue_message(
            channel="email",
            recipient=lead.email,
            purpose=Purpose.NEWSLETTER,
            subject="Info",
            body="x",
            lead=lead,
        )


def test_duplicate_task_sends_once(django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False):
        message = services.queue_message(
            channel="whatsapp", recipient=lead.whatsapp, purpose=Purpose.REPLY, body="Halo", lead=lead
        )
    assert delivery.deliver_message(message.pk, task_id="task-a").outcome == "sent"
    assert delivery.deliver_message(message.pk, task_id="task-b").outcome == "skipped"
    assert delivery.deliver_message(message.pk, task_id="task-a").outcome == "skipped"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 1)


def test_redelivered_task_may_take_back_its_own_stuck_claim():
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = services.queue_message(
        channel="whatsapp", recipient=lead.whatsapp, purpose=Purpose.REPLY, body="Halo", lead=lead
    )
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundStatus.SENDING, attempts=1, claim_task_id="task-a"
    )
    assert delivery.deliver_message(message.pk, task_id="task-b").outcome == "skipped"
    assert delivery.deliver_message(message.pk, task_id="task-a").outcome == "sent"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 2)


# --- WhatsApp 24-hour window ------------------------------------------------------------------


def test_free_form_whatsapp_inside_window_is_sent_as_text(fake_graph, django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now() - timedelta(hours=23))
    fake_graph.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_message(
            channel="whatsapp",
            recipient=lead.whatsapp,
            purpose=Purpose.REPLY,
            body="Biaya kuliah Rp5 juta",
            lead=lead,
        )
    [request] = fake_graph.sent_messages
    assert request.path == "/v23.0/106540352242922/messages"
    assert request.headers["Authorization"] == "Bearer test-wa-token"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+6281234567890",
        "type": "text",
        "text": {"preview_url": False, "body": "Biaya kuliah Rp5 juta"},
        "biz_opaque_callback_data": str(message.pk),
    }
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT and message.provider_message_id.startswith("wamid.FAKE")


def test_free_form_whatsapp_outside_window_becomes_the_approved_template(
    fake_graph, django_capture_on_commit_callbacks
):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now() - timedelta(hours=25))
    fake_graph.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_message(
            channel="whatsapp",
            recipient=lead.whatsapp,
            purpose=Purpose.REPLY,
            body="Jawaban panjang",
            lead=lead,
        )
    [request] = fake_graph.sent_messages
    assert request.json["type"] == "template"
    assert request.json["template"] == {
        "name": "pmb_reply_ready",
        "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Siti"}]}],
    }
    assert "text" not in request.json
    message.refresh_from_db()
    assert message.template_name == "pmb_reply_ready" and message.status == OutboundStatus.SENT


def test_free_form_whatsapp_outside_window_without_template_flags_a_call(
    fake_graph, telemarketer, django_capture_on_commit_callbacks
):
    WhatsAppTemplate.objects.filter(purpose=Purpose.REPLY).update(is_active=False)
    lead = make_lead(email="")  # never wrote to us: no window at all
    fake_graph.requests.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = services.queue_message(
            channel="whatsapp", recipient=lead.whatsapp, purpose=Purpose.REPLY, body="Halo", lead=lead
        )
    assert callbacks == []
    assert fake_graph.requests == []
    assert (message.status, message.error_code) == (OutboundStatus.FAILED, "outside_window")
    follow_up = FollowUp.objects.get(dedup_key=f"wa-window:{message.pk}")
    assert (follow_up.lead, follow_up.owner, follow_up.kind) == (lead, telemarketer, "call")


def test_window_closing_while_queued_is_checked_again_at_send_time(fake_graph):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now() - timedelta(hours=23, minutes=59))
    message = services.queue_message(
        channel="whatsapp", recipient=lead.whatsapp, purpose=Purpose.FOLLOW_UP, body="Halo", lead=lead
    )
    assert message.template_name == ""
    lead.last_inbound_whatsapp_at = timezone.now() - timedelta(hours=30)
    lead.save(update_fields=["last_inbound_whatsapp_at"])
    fake_graph.requests.clear()
    assert delivery.deliver_message(message.pk, task_id="t").outcome == "sent"
    [request] = fake_graph.sent_messages
    assert request.json["template"]["name"] == "pmb_follow_up"


# --- Provider errors --------------------------------------------------------------------------


def _queue_reply(lead, **kwargs):
    return services.queue_message(
        channel="whatsapp", recipient=lead.whatsapp, purpose=Purpose.REPLY, body="Halo", lead=lead, **kwargs
    )


def test_provider_500_is_retried_then_sent_once(fake_graph, django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    fake_graph.requests.clear()
    fake_graph.respond(500, {"error": {"message": "Service unavailable", "code": 2}}, times=2)
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue_reply(lead)
    message.refresh_from_db()
    assert len(fake_graph.sent_messages) == 3
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 3)


def test_timeout_is_retried(fake_graph, settings):
    settings.GRAPH_API_TIMEOUT = 0.3
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = _queue_reply(lead)
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundStatus.QUEUED, attempts=0)
    fake_graph.respond(200, {"messages": [{"id": "wamid.LATE"}]}, delay=1.0)
    result = delivery.deliver_message(message.pk, task_id="t")
    message.refresh_from_db()
    assert (result.outcome, result.retry_in) == ("retry", 10)
    assert (message.status, message.error_code) == (OutboundStatus.QUEUED, "timeout")
    assert message.next_attempt_at > timezone.now()


def test_4xx_fails_without_retry(fake_graph, django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    fake_graph.requests.clear()
    fake_graph.respond_error(100, status=400, message="Invalid parameter")
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue_reply(lead)
    message.refresh_from_db()
    assert len(fake_graph.sent_messages) == 1
    assert (message.status, message.attempts, message.error_code) == (OutboundStatus.FAILED, 1, "100")
    assert "Invalid parameter" in message.last_error


@pytest.mark.parametrize("code", [130429, 131056])
def test_rate_limit_codes_back_off_at_least_a_minute(fake_graph, code):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = _queue_reply(lead)
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundStatus.QUEUED, attempts=0)
    fake_graph.respond_error(code, status=400)
    result = delivery.deliver_message(message.pk, task_id="t")
    assert (result.outcome, result.retry_in) == ("retry", 60)


def test_131047_is_not_retried_and_switches_to_the_template(fake_graph, django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    fake_graph.requests.clear()
    fake_graph.respond_error(131047, status=400, message="Re-engagement message")
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue_reply(lead)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.FAILED, 1)
    follow_on = OutboundMessage.objects.get(dedup_key=f"wa-template:{message.pk}")
    assert follow_on.template_name == "pmb_reply_ready" and follow_on.status == OutboundStatus.SENT
    assert [r.json["type"] for r in fake_graph.sent_messages] == ["text", "template"]


def test_attempts_are_capped(fake_graph, django_capture_on_commit_callbacks):
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    fake_graph.requests.clear()
    fake_graph.respond(503, {}, times=10)
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue_reply(lead)
    message.refresh_from_db()
    assert len(fake_graph.sent_messages) == 5
    assert (message.status, message.attempts) == (OutboundStatus.FAILED, 5)


def test_messenger_goes_to_the_send_api_with_the_page_token(fake_graph, django_capture_on_commit_callbacks):
    fake_graph.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_message(
            channel=OutboundChannel.MESSENGER,
            recipient="1254459154682919",
            purpose=Purpose.REPLY,
            body="Halo kak",
        )
    [request] = fake_graph.sent_messages
    assert request.path == "/v23.0/me/messages"
    assert request.headers["Authorization"] == "Bearer test-page-token"
    assert request.json == {
        "recipient": {"id": "1254459154682919"},
        "messaging_type": "RESPONSE",
        "message": {"text": "Halo kak"},
    }
    message.refresh_from_db()
    assert message.provider_message_id.startswith("m_FAKE")


# --- Status callbacks ---------------------------------------------------------------------------


def _sent_reply(lead):
    message = _queue_reply(lead)
    delivery.deliver_message(message.pk, task_id="t")
    message.refresh_from_db()
    return message


def test_status_callbacks_only_move_forward():
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = _sent_reply(lead)
    at = timezone.now()
    services.apply_provider_status(provider_message_id=message.provider_message_id, status="read", at=at)
    message = services.apply_provider_status(
        provider_message_id=message.provider_message_id, status="delivered", at=at
    )
    assert message.status == OutboundStatus.READ
    assert message.read_at == at and message.delivered_at == at
    message = services.apply_provider_status(
        provider_message_id=message.provider_message_id, status="failed", error_code="131049", error="x"
    )
    assert message.status == OutboundStatus.READ


def test_status_callback_reconciles_by_outbox_id_after_a_crash():
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = _queue_reply(lead)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundStatus.SENDING, provider_message_id=None
    )
    message = services.apply_provider_status(
        provider_message_id="wamid.X1", status="delivered", outbox_id=str(message.pk)
    )
    assert (message.status, message.provider_message_id) == (OutboundStatus.DELIVERED, "wamid.X1")


def test_failed_status_records_the_error_and_unknown_ids_are_ignored():
    lead = make_lead(email="", last_inbound_whatsapp_at=timezone.now())
    message = _sent_reply(lead)
    message = services.apply_provider_status(
        provider_message_id=message.provider_message_id,
        status="failed",
        error_code="131049",
        error="Ecosystem limit",
    )
    assert (message.status, message.error_code, message.last_error) == (
        OutboundStatus.FAILED,
        "131049",
        "Ecosystem limit",
    )
    assert services.apply_provider_status(provider_message_id="wamid.unknown", status="read") is None
    assert (
        services.apply_provider_status(provider_message_id=message.provider_message_id, status="deleted")
        is None
    )


def test_welcome_uses_the_text_kadiv_approved(django_capture_on_commit_callbacks):
    from django.utils import timezone

    from core.models import ResponseTemplate, TemplateKind
    from leads.services import create_lead

    ResponseTemplate.objects.create(
        kind=TemplateKind.WELCOME,
        name="Sambutan",
        subject="Selamat datang di PMB",
        body="Halo {name}, minat Anda di {program} kami catat.",
        approved_at=timezone.now(),
    )
    ResponseTemplate.objects.create(  # a draft Kadiv has not approved is never sent
        kind=TemplateKind.WELCOME, name="Draf", subject="Draf", body="JANGAN DIKIRIM {name}"
    )
    with django_capture_on_commit_callbacks(execute=True):
        lead = create_lead(full_name="Ayu Lestari", email="ayu@contoh.id").lead
    welcome = lead.outbound_messages.get(purpose="welcome")
    assert welcome.subject == "Selamat datang di PMB"
    assert (
        welcome.body == "Halo Ayu, minat Anda di program studi pilihan Anda kami catat."
    )  # no programme chosen yet
    assert "JANGAN" not in welcome.body
