"""The daily-report permission for Admin Media Sosial (SOP 02 stage 4), and the roles re-synced."""

from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_schedules"),
        ("core", "0003_sync_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reportaccess",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
                    ("view_reports", "Can view dashboards and reports"),
                    ("view_daily_report", "Can view the daily report"),
                ],
            },
        ),
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
    ]
