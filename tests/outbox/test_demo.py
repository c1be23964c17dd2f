"""seed_demo's automation part: history, a campaign, scheduled sends; safe to run twice."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from core import demo as core_demo
from leads import demo_outbox as demo
from leads import selectors
from leads.models import Campaign
from outbox.models import OutboundMessage, OutboundStatus

pytestmark = pytest.mark.django_db


def test_demo_seeds_messages_of_every_kind_and_a_campaign_idempotently():
    now = timezone.now()
    out = io.StringIO()
    core_demo.seed(out, now)
    demo.seed(out, now)
    statuses = set(OutboundMessage.objects.values_list("status", flat=True))
    assert {
        OutboundStatus.SENT,
        OutboundStatus.READ,
        OutboundStatus.FAILED,
        OutboundStatus.QUEUED,
    } <= statuses
    campaign = selectors.campaigns_with_counts().get(name="Kabar PMB mingguan")
    assert campaign.approved_at is not None and campaign.runs.count() == 2
    assert campaign.sent_count > 0 and campaign.failed_count == 1 and campaign.unsubscribed_count == 1
    total = OutboundMessage.objects.count()
    demo.seed(out, now)
    assert OutboundMessage.objects.count() == total and Campaign.objects.count() == 1
