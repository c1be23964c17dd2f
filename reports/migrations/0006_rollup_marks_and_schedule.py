"""The cohort roll-up starts empty: mark every entry day that has leads, so the first read of a
period (or the beat job below) recounts it from the live rows; `manage.py rebuild_report_rollups`
does all of them at once. Beat: recount marked days every 5 minutes (crontab, office time)."""

from django.db import migrations

NAME = "Rekap harian laporan (roll-up)"


def forwards(apps, schema_editor):
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db.models.functions import TruncDate

    Lead = apps.get_model("leads", "Lead")
    RollupMark = apps.get_model("reports", "RollupMark")
    days = (
        Lead.objects.annotate(day=TruncDate("created_at", tzinfo=ZoneInfo(str(settings.OFFICE_TIME_ZONE))))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    RollupMark.objects.bulk_create([RollupMark(day=day) for day in days], batch_size=1000)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.OFFICE_TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": "reports.tasks.refresh_rollups", "crontab": crontab}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_cohort_rollup"),
        ("leads", "0008_segment_members_and_verbose_names"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
