"""Failed-messages list with retry, one-click unsubscribe, home sections, the lead's messages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leads import selectors as lead_selectors
from leads.models import Campaign, ConsentRecord, SavedSegment, Temperature
from leads.services import create_lead
from outbox import selectors, services
from outbox.models import OutboundMessage, OutboundStatus, Purpose

pytestmark = pytest.mark.django_db


def failed_message(lead=None, n=1):
    return OutboundMessage.objects.create(
        channel="email",
        recipient=f"gagal{n}@example.com",
        subject="s",
        body="b",
        purpose=Purpose.WELCOME,
        status=OutboundStatus.FAILED,
        attempts=5,
        failed_at=timezone.now(),
        last_error="SMTP 550",
        error_code="smtp_550",
        lead=lead,
    )


def test_failed_list_needs_the_change_permission(client_for, telemarketer, kadiv):
    failed_message()
    assert client_for(telemarketer).get("/outbox/failed/").status_code == 403
    assert client_for(kadiv).get("/outbox/failed/").status_code == 403


def test_failed_list_shows_failed_rows_in_constant_queries(
    client_for, admin_marketing, django_assert_num_queries
):
    lead = create_lead(full_name="Ayu", phone="+6281700000001").lead
    for n in range(3):
        failed_message(lead, n)
    client = client_for(admin_marketing)
    client.get("/outbox/failed/")  # warm the session/permission caches
    # session, user, user permissions + group permissions, count, page of messages with lead and campaign
    with django_assert_num_queries(6):
        response = client.get("/outbox/failed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="failed-message"') == 3 and "smtp_550" in body


def test_retry_requeues_and_sends(client_for, supervisor, django_capture_on_commit_callbacks):
    message = failed_message()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(f"/outbox/{message.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == "/outbox/failed/"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboundStatus.SENT, 1, "")


def test_retry_of_a_message_that_is_not_failed_is_404(client_for, supervisor):
    message = failed_message()
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundStatus.SENT)
    assert client_for(supervisor).post(f"/outbox/{message.pk}/retry/").status_code == 404
    assert client_for(supervisor).get(f"/outbox/{message.pk}/retry/").status_code == 405


def test_home_shows_failed_counter_to_outbox_staff(client_for, supervisor, telemarketer):
    failed_message()
    assert "/outbox/failed/" in client_for(supervisor).get("/").content.decode()
    assert "/outbox/failed/" not in client_for(telemarketer).get("/").content.decode()


def _subscribed_lead_with_queued_newsletter(by):
    lead = create_lead(
        full_name="Rina",
        email="rina@example.com",
        temperature=Temperature.COLD,
        consent=True,
        consent_source="public_form",
    ).lead
    segment = SavedSegment.objects.create(name="cold", query="temperature=cold", created_by=by)
    campaign = Campaign.objects.create(
        name="Info", subject="Info", body="Isi", segment=segment, approved_at=timezone.now()
    )
    sent = services.queue_message(
        channel="email",
        recipient=lead.email,
        purpose=Purpose.NEWSLETTER,
        subject="Info",
        body="x",
        lead=lead,
        campaign=campaign,
        dedup_key="n1",
    )
    OutboundMessage.objects.filter(pk=sent.pk).update(status=OutboundStatus.SENT, sent_at=timezone.now())
    queued = services.queue_message(
        channel="email",
        recipient=lead.email,
        purpose=Purpose.NEWSLETTER,
        subject="Info",
        body="y",
        lead=lead,
        campaign=campaign,
        dedup_key="n2",
    )
    return lead, campaign, queued


def test_unsubscribe_link_asks_first_then_unsubscribes_without_login(client, admin_marketing):
    lead, campaign, queued = _subscribed_lead_with_queued_newsletter(admin_marketing)
    url = f"/unsubscribe/{lead.unsubscribe_token}/"
    # GET (a click, or a mail scanner prefetching the link) only asks: nothing changes yet.
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="confirm-unsubscribe"' in response.content.decode()
    lead.refresh_from_db()
    assert lead.has_marketing_consent is True
    response = client.post(url)
    assert response.status_code == 200
    assert 'data-testid="unsubscribed"' in response.content.decode()
    lead.refresh_from_db()
    queued.refresh_from_db()
    assert lead.has_marketing_consent is False
    assert ConsentRecord.objects.filter(lead=lead, is_granted=False, source="unsubscribe_link").count() == 1
    assert queued.status == OutboundStatus.CANCELLED
    counts = lead_selectors.campaigns_with_counts().get(pk=campaign.pk)
    assert (counts.sent_count, counts.unsubscribed_count, counts.queued_count) == (1, 1, 0)
    # A second visit says so and changes nothing.
    response = client.get(url)
    assert response.status_code == 200 and 'data-testid="unsubscribed"' in response.content.decode()
    assert client.post(url).status_code == 200
    assert ConsentRecord.objects.filter(lead=lead, is_granted=False).count() == 1


def test_one_click_post_from_the_mail_provider(client, admin_marketing):
    lead, _campaign, _queued = _subscribed_lead_with_queued_newsletter(admin_marketing)
    response = client.post(f"/unsubscribe/{lead.unsubscribe_token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and response.content == b""
    lead.refresh_from_db()
    assert lead.has_marketing_consent is False


def test_unknown_unsubscribe_token_is_404(client):
    assert client.get("/unsubscribe/tidak-ada/").status_code == 404
    assert client.post("/unsubscribe/tidak-ada/").status_code == 404


def test_messages_for_lead_lists_the_leads_outbox(django_assert_num_queries):
    lead = create_lead(full_name="Ayu", email="ayu@example.com").lead
    failed_message(lead)
    with django_assert_num_queries(1):  # messages with campaign and created_by joined
        rows = list(selectors.messages_for_lead(lead))
    assert [row.purpose for row in rows] == ["welcome", "welcome"]
