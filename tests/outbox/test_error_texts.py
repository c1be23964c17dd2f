"""Why an outbound message failed, in the reader's language; providers' own words as they came."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone, translation

from outbox import sweep, texts
from outbox.models import OutboundMessage, OutboundStatus, Purpose

pytestmark = pytest.mark.django_db

data_migration = importlib.import_module("outbox.migrations.0007_outbound_errors_as_codes")


def failed(n: int, **error) -> OutboundMessage:
    return OutboundMessage.objects.create(
        channel="email",
        recipient=f"gagal{n}@example.com",
        purpose=Purpose.WELCOME,
        status=OutboundStatus.FAILED,
        failed_at=timezone.now(),
        **error,
    )


def failed_page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/outbox/failed/").content.decode()


def test_our_error_reads_in_the_readers_language_and_a_providers_as_it_came(client_for, admin_marketing):
    failed(1, **texts.error_fields(texts.CONSENT_WITHDRAWN.stored()))
    failed(2, **texts.error_fields(raw="SMTP 550: mailbox full"), error_code="smtp_550")
    client = client_for(admin_marketing)
    indonesian, english = failed_page(client, "id"), failed_page(client, "en")
    assert "Persetujuan pemasaran ditarik" in indonesian and "SMTP 550: mailbox full" in indonesian
    assert "Marketing consent withdrawn" in english and "Persetujuan pemasaran" not in english
    assert "SMTP 550: mailbox full" in english


def test_the_stuck_send_sweep_writes_its_error_as_a_code():
    now = timezone.now()
    message = OutboundMessage.objects.create(
        channel="email",
        recipient="x@example.com",
        purpose=Purpose.WELCOME,
        status=OutboundStatus.SENDING,
        attempts=5,
        claimed_at=now - timedelta(hours=1),
    )
    sweep.requeue_stuck_messages(now=now)
    message.refresh_from_db()
    assert message.status == OutboundStatus.FAILED
    assert message.last_error_code == "outbox.worker_stopped_final"
    assert message.last_error == "Pekerja berhenti saat mengirim; batas percobaan tercapai"
    with translation.override("en"):
        assert message.get_last_error_display() != message.last_error


def test_the_data_migration_codes_our_old_errors_only():
    ours = failed(1, last_error="Di luar jendela 24 jam WhatsApp dan tidak ada template yang disetujui.")
    refused = failed(2, last_error="Alamat email ditolak: {'a@b.c': (550, b'no')}")
    provider = failed(3, last_error="Rate limit hit")
    for operation in data_migration.Migration.operations:
        operation.code(apps, None)
    ours, refused, provider = (OutboundMessage.objects.get(pk=row.pk) for row in (ours, refused, provider))
    assert (ours.last_error_code, ours.last_error_params) == ("outbox.outside_window", {})
    assert refused.last_error_code == "outbox.email_refused"
    assert refused.last_error_params == {"error": "{'a@b.c': (550, b'no')}"}
    assert provider.last_error_code == ""
    with translation.override("en"):
        assert refused.get_last_error_display() == "Email address refused: {'a@b.c': (550, b'no')}"
        assert provider.get_last_error_display() == "Rate limit hit"
