"""Old follow-up reasons and overdue alerts written by the leads layer get their text codes (so they
are shown in the reader's language), overdue alerts their topic, and the alerts about follow-ups
already done or cancelled are resolved. The texts are frozen here as they were written."""

from django.db import migrations
from django.db.models import Q

from core.migration_ops import stored_texts_to_codes

OUTCOMES = {
    "Terhubung": "reached",
    "Tidak diangkat": "no_answer",
    "Sibuk": "busy",
    "Nomor salah": "wrong_number",
    "Minta dihubungi lagi": "call_back",
    "Tidak berminat": "not_interested",
}
KINDS = {
    "Telepon": "call",
    "WhatsApp": "whatsapp",
    "Email": "email",
    "Pesan langsung (DM)": "dm",
    "Pertemuan": "meeting",
    "Kunjungan": "visit",
    "Catatan": "note",
}

REASONS = {
    "leads.whatsapp_window_call": ("WhatsApp di luar jendela 24 jam: hubungi lewat telepon", {}),
    "leads.hot_lead_call": ("Prospek hot: telepon dalam %(days)s hari", {"days": "int"}),
    "leads.warm_lead_call": (
        "Prospek warm: telepon pada hari ke-%(from)s sampai ke-%(until)s",
        {"from": "int", "until": "int"},
    ),
    "leads.rescheduled_outcome": ("Dijadwalkan ulang: %(outcome)s", {"outcome": OUTCOMES}),
    "leads.rescheduled_kind": ("Dijadwalkan ulang: %(outcome)s", {"outcome": KINDS}),
}
ALERTS = {
    "leads.follow_up_overdue": (
        "Tindak lanjut untuk %(lead)s terlambat (jatuh tempo %(due)s)",
        {"due": "datetime"},
    ),
}


def topics_and_resolution(apps, schema_editor):
    Alert = apps.get_model("core", "Alert")
    FollowUp = apps.get_model("leads", "FollowUp")
    rows = Alert.objects.filter(topic="", key__startswith="followup-overdue:").only("pk", "key", "created_at")
    pending = {}
    for alert in rows.iterator(chunk_size=2000):
        follow_up_id = alert.key.split(":", 1)[1]
        if follow_up_id.isdigit():
            alert.topic = f"follow_up:{follow_up_id}"
            pending.setdefault(int(follow_up_id), []).append(alert)
    ids = list(pending)
    for start in range(0, len(ids), 1000):
        done = FollowUp.objects.filter(pk__in=ids[start : start + 1000]).filter(
            Q(completed_at__isnull=False) | Q(cancelled_at__isnull=False)
        )
        for pk, completed_at, cancelled_at in done.values_list("pk", "completed_at", "cancelled_at"):
            for alert in pending[pk]:
                alert.resolved_at = completed_at or cancelled_at
    alerts = [alert for group in pending.values() for alert in group]
    Alert.objects.bulk_update(alerts, ["topic", "resolved_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_alert_text_codes_and_topics"),
        ("leads", "0009_stored_text_codes"),
    ]

    operations = [
        stored_texts_to_codes(
            "leads.FollowUp", text="reason", code="reason_code", params="reason_params", known=REASONS
        ),
        stored_texts_to_codes("core.Alert", text="message", code="code", params="params", known=ALERTS),
        migrations.RunPython(topics_and_resolution, migrations.RunPython.noop),
    ]
