"""Re-sync role permissions after the apps added their models and permissions (UU PDP erase/export
for Admin Marketing and Kadiv)."""

from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_roles_and_office_hours"),
        ("leads", "0004_list_order_indexes"),
        ("inquiries", "0004_inbox_indexes"),
        ("automation", "0004_schedules_templates_settings"),
        ("reports", "0002_report_schedules"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
