"""Beat entries for the reports, in office time (editable in the admin)."""

from django.db import migrations

SCHEDULES = [
    # name, task kwargs kind, crontab (minute, hour, day_of_week, day_of_month)
    ("Laporan harian", "daily", ("30", "16", "1-5", "*")),
    ("Laporan mingguan", "weekly", ("0", "7", "1", "*")),
    ("Laporan bulanan", "monthly", ("0", "7", "*", "1")),
]


def create(apps, schema_editor):
    import json

    from django.conf import settings

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, (minute, hour, dow, dom) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=dow, day_of_month=dom, month_of_year="*", timezone=settings.OFFICE_TIME_ZONE
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": "reports.tasks.send_report", "crontab": crontab, "kwargs": json.dumps({"kind": kind})}
        )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
