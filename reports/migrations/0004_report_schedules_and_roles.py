"""The daily report's beat row runs every day at 16:30 (after the office closes) and the service
skips days that are not working days of the office calendar (holidays, closures; a Saturday made a
working day by an override gets its report). Weekly: Monday 07:00, monthly: the 1st at 07:00.
Re-syncs the role permissions for the new report permissions (daily report, costs)."""

from django.db import migrations

from core.roles import sync_role_permissions

DAILY = "Laporan harian"
OLD_DAILY = ("30", "16", "1-5", "*")
NEW_DAILY = ("30", "16", "*", "*")


def _set_daily(apps, old, new):
    from django.conf import settings

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    task = PeriodicTask.objects.filter(name=DAILY).select_related("crontab").first()
    if task is None or task.crontab is None:
        return
    current = (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week, task.crontab.day_of_month)
    if current != old:
        return  # changed in the admin: the office's choice stands
    minute, hour, dow, dom = new
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=minute,
        hour=hour,
        day_of_week=dow,
        day_of_month=dom,
        month_of_year="*",
        timezone=settings.OFFICE_TIME_ZONE,
    )
    task.crontab = crontab
    task.save(update_fields=["crontab"])


def forwards(apps, schema_editor):
    _set_daily(apps, OLD_DAILY, NEW_DAILY)


def backwards(apps, schema_editor):
    _set_daily(apps, NEW_DAILY, OLD_DAILY)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_costs_recipients_attachments"),
        ("core", "0003_sync_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
    ]
