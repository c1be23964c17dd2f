"""Beat schedule of the IMAP mailbox poll (editable in the admin; does nothing without INBOUND_IMAP_HOST)."""

from django.conf import settings
from django.db import migrations

NAME = "Email masuk: ambil dari kotak surat"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/2",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.OFFICE_TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": "inquiries.tasks.poll_mailbox", "crontab": crontab, "enabled": True}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0010_ticket_export"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
