"""Beat schedules (django-celery-beat, editable in the admin, office time zone), the default approved
WhatsApp templates and the automation settings row."""

from django.conf import settings
from django.db import migrations

# name, task, crontab (minute, hour, day_of_week)
SCHEDULES = [
    ("Kotak keluar: kirim ulang pesan macet", "automation.tasks.requeue_stuck_messages", ("*/5", "*", "*")),
    ("SLA pertanyaan: peringatan dan pelanggaran", "automation.tasks.check_inquiry_slas", ("*/5", "*", "*")),
    ("Tindak lanjut terlambat: beri tahu petugas", "automation.tasks.alert_overdue_follow_ups", ("*/15", "*", "*")),
    ("Prospek warm/hot: tugas telepon", "automation.tasks.schedule_warm_lead_calls", ("7", "*", "*")),
    ("Penanya 3 hari belum mendaftar: tindak lanjut", "automation.tasks.follow_up_inquirers", ("30", "8-15", "1-5")),
    ("Newsletter prospek cold", "automation.tasks.send_due_newsletters", ("0", "9", "*")),
    # Written by the inquiries app; scheduled by name only (no import), so this migration does
    # not depend on that module.
    ("Webhook tertunda: proses ulang", "inquiries.tasks.process_pending_webhook_events", ("*/2", "*", "*")),
]

TEMPLATES = [
    ("welcome", "pmb_welcome", "Halo {{1}}, terima kasih atas minat Anda pada Politeknik Bintan Cakrawala. Tim PMB siap membantu."),
    ("follow_up", "pmb_follow_up", "Halo {{1}}, apakah masih ada yang bisa kami bantu untuk pendaftaran Anda di Politeknik Bintan Cakrawala?"),
    ("reply", "pmb_reply_ready", "Halo {{1}}, jawaban untuk pertanyaan Anda sudah siap. Balas pesan ini untuk melanjutkan percakapan."),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, day_of_week) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=day_of_week, day_of_month="*", month_of_year="*",
            timezone=settings.OFFICE_TIME_ZONE,
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})
    WhatsAppTemplate = apps.get_model("automation", "WhatsAppTemplate")
    for purpose, name, preview in TEMPLATES:
        WhatsAppTemplate.objects.get_or_create(
            name=name, language="id", defaults={"purpose": purpose, "body_preview": preview, "parameters": "first_name"}
        )
    try:
        AutomationSettings = apps.get_model("automation", "AutomationSettings")
    except LookupError:  # re-run with the current app registry (tests): the row moved to core
        AutomationSettings = apps.get_model("core", "AutomationSettings")
    AutomationSettings.objects.get_or_create(pk=1)


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task, _cron in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("automation", "0003_outbox_claims_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
