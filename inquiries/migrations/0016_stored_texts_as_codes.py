"""Old alerts, follow-up reasons and lead history notes written by the inbox get their text codes (so they are shown in
the reader's language) and alerts their topic; the alerts whose cause is already gone (the inquiry
answered or closed, the escalation answered) are resolved. The texts are frozen here as written."""

from django.db import migrations, models
from django.utils import timezone

from core.migration_ops import stored_texts_to_codes

CHANNELS = {
    "WhatsApp": "whatsapp",
    "Instagram": "instagram",
    "Facebook Messenger": "facebook",
    "Website": "website",
    "LinkedIn": "linkedin",
    "Komentar": "comment",
    "Email": "email",
    "Telepon": "phone",
}
CHAIN_ROLES = {"Kasubbag": "kasubbag", "Kabag TU": "kabag_tu", "Wakil Dekan": "wakil_dekan", "Dekan": "dekan"}

REASONS = {
    "inquiries.answer_by_phone": (
        "Jawab pertanyaan #%(id)s lewat telepon (WhatsApp tidak dapat dikirim)",
        {"id": "int"},
    ),
    "inquiries.relay_answer_by_phone": (
        "Sampaikan jawaban unit %(unit)s (pertanyaan #%(id)s)",
        {"id": "int"},
    ),
    "inquiries.inquirer_not_registered": ("Bertanya %(days)s hari lalu dan belum mendaftar", {"days": "int"}),
}
STEP_NOTES = {"inquiries.answer_awaits_validation": ("Jawaban menunggu validasi", {})}
INTERACTION_NOTES = {
    "inquiries.unit_answer_note": ("Jawaban unit %(unit)s untuk pertanyaan #%(id)s: %(answer)s", {"id": "int"})
}
LEAD_NOTES = {"inquiries.inquired_via": ("Bertanya lewat %(channel)s", {"channel": CHANNELS})}
ALERTS = {
    "inquiries.sla_warning": (
        "Pertanyaan #%(id)s hampir melewati batas respons pertama (%(due)s)",
        {"id": "int"},  # the due time was written as "HH:MM" and is shown as it is
    ),
    "inquiries.sla_breach": (
        "Pertanyaan #%(id)s melewati batas respons pertama tanpa jawaban",
        {"id": "int"},
    ),
    "inquiries.escalation_overdue": (
        "Eskalasi pertanyaan #%(id)s di unit %(unit)s terlambat (batas %(due)s)",
        {"id": "int", "due": "datetime"},
    ),
    "inquiries.escalation_waiting": (
        "[%(role)s] Eskalasi #%(id)s dari %(asker)s menunggu Anda",
        {"role": CHAIN_ROLES, "id": "int"},
    ),
    "inquiries.escalation_answered": (
        "Jawaban unit %(unit)s untuk pertanyaan #%(id)s siap disampaikan",
        {"id": "int"},
    ),
}
DONE_INQUIRY = ("resolved", "closed")
PENDING_ESCALATION = ("open", "forwarded", "validating")


def _ids(alerts, position=1):
    """{id named in the key: [alerts]} for keys like "sla-warning:<inquiry>:<user>"."""
    found = {}
    for alert in alerts.only("pk", "key").iterator(chunk_size=2000):
        part = alert.key.split(":")[position]
        if part.isdigit():
            found.setdefault(int(part), []).append(alert)
    return found


def _in_chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), 1000):
        yield ids[start : start + 1000]


def topics_and_resolution(apps, schema_editor):
    Alert = apps.get_model("core", "Alert")
    Inquiry = apps.get_model("inquiries", "Inquiry")
    Escalation = apps.get_model("inquiries", "Escalation")
    EscalationStep = apps.get_model("inquiries", "EscalationStep")
    now = timezone.now()
    old = Alert.objects.filter(topic="")
    changed = []

    by_inquiry = _ids(old.filter(key__regex=r"^sla-(warning|breach):"))
    for chunk in _in_chunks(by_inquiry):
        for pk, responded, status in Inquiry.objects.filter(pk__in=chunk).values_list(
            "pk", "first_response_at", "status"
        ):
            for alert in by_inquiry[pk]:
                alert.topic = f"inquiry:{pk}:response"
                if responded is not None or status in DONE_INQUIRY:
                    alert.resolved_at = responded or now
        changed += [alert for pk in chunk for alert in by_inquiry[pk]]

    by_escalation = _ids(old.filter(key__startswith="escalation-overdue:"))
    by_answer = _ids(old.filter(key__startswith="esc-answer:"))
    by_step = _ids(old.filter(key__startswith="esc-step:"))
    for chunk in _in_chunks(by_step):
        for step_id, escalation_id in EscalationStep.objects.filter(pk__in=chunk).values_list(
            "pk", "escalation_id"
        ):
            by_escalation.setdefault(escalation_id, []).extend(by_step[step_id])
    for chunk in _in_chunks(set(by_escalation) | set(by_answer)):
        for pk, status, inquiry_id, inquiry_status in Escalation.objects.filter(pk__in=chunk).values_list(
            "pk", "status", "inquiry_id", "inquiry__status"
        ):
            for alert in by_escalation.get(pk, []):
                alert.topic = f"escalation:{pk}"
                if status not in PENDING_ESCALATION or inquiry_status in DONE_INQUIRY:
                    alert.resolved_at = now
                changed.append(alert)
            for alert in by_answer.get(pk, []):
                alert.topic = f"inquiry:{inquiry_id}:relay"
                if status == "relayed" or inquiry_status in DONE_INQUIRY:
                    alert.resolved_at = now
                changed.append(alert)
    Alert.objects.bulk_update(changed, ["topic", "resolved_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_alert_text_codes_and_topics"),
        ("leads", "0010_follow_up_reasons_and_alerts_as_codes"),
        ("inquiries", "0015_merge_0014_verbose_names_0014_webhookevent_is_test"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalationstep",
            name="note_code",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="escalationstep",
            name="note_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        stored_texts_to_codes(
            "leads.FollowUp", text="reason", code="reason_code", params="reason_params", known=REASONS
        ),
        stored_texts_to_codes("core.Alert", text="message", code="code", params="params", known=ALERTS),
        stored_texts_to_codes(
            "inquiries.EscalationStep", text="note", code="note_code", params="note_params", known=STEP_NOTES
        ),
        stored_texts_to_codes(
            "leads.Interaction", text="note", code="note_code", params="note_params", known=INTERACTION_NOTES
        ),
        stored_texts_to_codes(
            "leads.LeadStatusChange", text="note", code="note_code", params="note_params", known=LEAD_NOTES
        ),
        migrations.RunPython(topics_and_resolution, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="ticketexport",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "unduhan tiket",
                "verbose_name_plural": "unduhan tiket",
            },
        ),
    ]
