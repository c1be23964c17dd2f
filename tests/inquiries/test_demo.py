from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import Channel, Escalation, Inquiry, Level

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_every_channel_and_level_with_breaches_and_escalations():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert set(Inquiry.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Inquiry.objects.exclude(level=None).values_list("level", flat=True)) == set(Level.values)
    assert Inquiry.objects.breached(timezone.now()).exists()
    assert (
        Escalation.objects.filter(status="relayed").exists()
        and Escalation.objects.filter(status="open").exists()
    )
    assert not Inquiry.objects.filter(status="closed", category=None).exists()
    before = Inquiry.objects.count()
    call_command("seed_demo", "--force", "--quiet-logins", stdout=io.StringIO())
    assert Inquiry.objects.count() == before
