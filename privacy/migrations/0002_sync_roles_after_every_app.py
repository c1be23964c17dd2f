"""Re-sync the role permissions once every app's models and permissions exist.

Several apps sync roles in their own data migrations; which of them runs last depends on the order
Django picks for independent apps, and a sync sees only the permissions of models migrated so far.
This one depends on the newest migration of every project app (privacy is the top layer), so a
fresh database always ends with exactly the table in core/roles.py.
"""

from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_retention_schedule"),
        ("core", "0007_existing_templates_become_versions"),
        ("leads", "0008_segment_members_and_verbose_names"),
        ("inquiries", "0015_merge_0014_verbose_names_0014_webhookevent_is_test"),
        ("automation", "0005_move_models_and_beat_tasks"),
        ("content", "0002_content_roles"),
        ("reports", "0004_report_schedules_and_roles"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
