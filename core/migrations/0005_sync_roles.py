"""Re-sync role permissions after campaigns moved to leads (`leads.*_campaign`) and alerts and the
settings row to core: every role keeps the same permissions under their new dotted names."""

from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_alerts_and_automation_settings"),
        ("leads", "0005_campaigns_from_outbox"),
        ("automation", "0005_move_models_and_beat_tasks"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
