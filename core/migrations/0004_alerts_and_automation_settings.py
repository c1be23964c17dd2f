"""Alerts and the automation settings row move from the outbox app (label `automation`) to core.

The tables keep their names (`db_table`), so this is a state-only move plus the content types
(permissions keep their ids and group assignments). Then the settings row gains the call-task day
counts the lead policies used to have as literals.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("alert", "automationsettings"):
        if not ContentType.objects.filter(app_label="core", model=model).exists():
            ContentType.objects.filter(app_label="automation", model=model).update(app_label="core")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("alert", "automationsettings"):
        if not ContentType.objects.filter(app_label="automation", model=model).exists():
            ContentType.objects.filter(app_label="core", model=model).update(app_label="automation")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_sync_roles'),
        ('automation', '0004_schedules_templates_settings'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AutomationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('inquirer_follow_up_mode', models.CharField(choices=[('message', 'Kirim pesan otomatis'), ('task', 'Buat tugas untuk Admin Marketing')], default='message', max_length=10, verbose_name='tindak lanjut penanya')),
                        ('inquirer_follow_up_days', models.PositiveSmallIntegerField(default=3, verbose_name='hari setelah pertanyaan pertama')),
                        ('catch_up_days', models.PositiveSmallIntegerField(default=14, help_text='Prospek yang lebih lama dari ini tidak disusul lagi', verbose_name='batas susulan (hari)')),
                        ('sla_warning_minutes', models.PositiveSmallIntegerField(default=30, verbose_name='peringatan SLA (menit kerja tersisa)')),
                        ('stuck_sending_minutes', models.PositiveSmallIntegerField(default=10, verbose_name='pengiriman macet setelah (menit)')),
                        ('max_send_attempts', models.PositiveSmallIntegerField(default=5, verbose_name='maksimum percobaan kirim')),
                        ('retry_base_seconds', models.PositiveSmallIntegerField(default=10, help_text='Berlipat dua tiap percobaan, paling lama 5 menit', verbose_name='jeda coba ulang awal (detik)')),
                    ],
                    options={
                        'verbose_name': 'pengaturan otomasi',
                        'verbose_name_plural': 'pengaturan otomasi',
                        'db_table': 'automation_automationsettings',
                        'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='automationsettings_single_row')],
                    },
                ),
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120, unique=True)),
                        ('message', models.TextField()),
                        ('url', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='alerts', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'automation_alert',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['recipient', 'read_at'], name='alert_recipient_unread')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AddField(
            model_name='automationsettings',
            name='hot_call_within_days',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='prospek hot ditelepon dalam (hari)'),
        ),
        migrations.AddField(
            model_name='automationsettings',
            name='warm_call_from_day',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='prospek warm ditelepon mulai hari ke-'),
        ),
        migrations.AddField(
            model_name='automationsettings',
            name='warm_call_until_day',
            field=models.PositiveSmallIntegerField(default=3, verbose_name='prospek warm ditelepon paling lambat hari ke-'),
        ),
        migrations.AddField(
            model_name='automationsettings',
            name='call_task_advance_days',
            field=models.PositiveSmallIntegerField(default=1, help_text='Tugas telepon prospek warm muncul sekian hari sebelum jatuh tempo', verbose_name='tugas telepon dibuat lebih awal (hari)'),
        ),
    ]
