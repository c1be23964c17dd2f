"""The outbox hands its non-outbox models over (state only; the tables stay): campaigns to leads,
alerts and the settings row to core. The beat rows follow the SOP jobs to their new modules."""

import django.db.models.deletion
from django.db import migrations, models

# old task path -> new task path (django-celery-beat PeriodicTask.task)
RENAMED_TASKS = {
    "automation.tasks.requeue_stuck_messages": "outbox.tasks.requeue_stuck_messages",
    "automation.tasks.check_inquiry_slas": "inquiries.tasks.check_inquiry_slas",
    "automation.tasks.follow_up_inquirers": "inquiries.tasks.follow_up_inquirers",
    "automation.tasks.alert_overdue_follow_ups": "leads.tasks.alert_overdue_follow_ups",
    "automation.tasks.schedule_warm_lead_calls": "leads.tasks.schedule_warm_lead_calls",
    "automation.tasks.send_due_newsletters": "leads.tasks.send_due_newsletters",
}


def rename_tasks(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in RENAMED_TASKS.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def rename_tasks_back(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in RENAMED_TASKS.items():
        PeriodicTask.objects.filter(task=new).update(task=old)


class Migration(migrations.Migration):

    dependencies = [
        ('automation', '0004_schedules_templates_settings'),
        ('leads', '0005_campaigns_from_outbox'),
        ('core', '0004_alerts_and_automation_settings'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='alert',
                    name='recipient',
                ),
                migrations.DeleteModel(
                    name='AutomationSettings',
                ),
                migrations.RemoveField(
                    model_name='campaign',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='campaign',
                    name='segment',
                ),
                migrations.AlterField(
                    model_name='outboundmessage',
                    name='campaign',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='messages', to='leads.campaign'),
                ),
                migrations.RemoveField(
                    model_name='campaignrun',
                    name='campaign',
                ),
                migrations.DeleteModel(
                    name='Alert',
                ),
                migrations.DeleteModel(
                    name='Campaign',
                ),
                migrations.DeleteModel(
                    name='CampaignRun',
                ),
            ],
        ),
        migrations.RunPython(rename_tasks, rename_tasks_back),
    ]
