"""Old outbox errors written in our words get their text codes, so they are shown in the reader's
language; providers' own error texts stay as they came. The texts are frozen here as written."""

from django.db import migrations

from core.migration_ops import stored_texts_to_codes

ERRORS = {
    "outbox.outside_window": ("Di luar jendela 24 jam WhatsApp dan tidak ada template yang disetujui.", {}),
    "outbox.provider_failed": ("Gagal menurut penyedia", {}),
    "outbox.consent_withdrawn": ("Persetujuan pemasaran ditarik", {}),
    "outbox.worker_stopped": ("Pekerja berhenti saat mengirim", {}),
    "outbox.worker_stopped_final": ("Pekerja berhenti saat mengirim; batas percobaan tercapai", {}),
    "outbox.email_refused": ("Alamat email ditolak: %(error)s", {}),
}


class Migration(migrations.Migration):
    dependencies = [
        ("automation", "0006_outbound_error_text_codes"),
    ]

    operations = [
        stored_texts_to_codes(
            "automation.OutboundMessage",
            text="last_error",
            code="last_error_code",
            params="last_error_params",
            known=ERRORS,
        ),
    ]
