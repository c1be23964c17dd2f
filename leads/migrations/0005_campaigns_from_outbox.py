"""Newsletter campaigns move from the outbox app (label `automation`) to leads.

The tables keep their names (`db_table`), so this is a state-only move plus the content types
(the `approve_campaign` permission keeps its id; its dotted name becomes `leads.approve_campaign`).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("campaign", "campaignrun"):
        if not ContentType.objects.filter(app_label="leads", model=model).exists():
            ContentType.objects.filter(app_label="automation", model=model).update(app_label="leads")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("campaign", "campaignrun"):
        if not ContentType.objects.filter(app_label="automation", model=model).exists():
            ContentType.objects.filter(app_label="leads", model=model).update(app_label="automation")


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0004_list_order_indexes'),
        ('automation', '0004_schedules_templates_settings'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Campaign',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='nama')),
                        ('subject', models.CharField(max_length=200, verbose_name='subjek')),
                        ('body', models.TextField(verbose_name='isi')),
                        ('frequency', models.CharField(choices=[('weekly', 'Mingguan'), ('biweekly', 'Dua mingguan')], default='weekly', max_length=10)),
                        ('is_active', models.BooleanField(default=True)),
                        ('approved_at', models.DateTimeField(blank=True, null=True)),
                        ('next_run_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('segment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='leads.savedsegment')),
                    ],
                    options={
                        'db_table': 'automation_campaign',
                        'ordering': ['name'],
                        'permissions': [('approve_campaign', 'Can approve newsletter campaigns')],
                    },
                ),
                migrations.CreateModel(
                    name='CampaignRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(max_length=20)),
                        ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('recipients', models.PositiveIntegerField(default=0)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='leads.campaign')),
                    ],
                    options={
                        'db_table': 'automation_campaignrun',
                        'constraints': [models.UniqueConstraint(fields=('campaign', 'period'), name='campaignrun_unique_period')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
