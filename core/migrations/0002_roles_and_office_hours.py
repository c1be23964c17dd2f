"""Creates the staff role groups with their permissions, and the default office hours (DESIGN.md)."""

from datetime import time

from django.db import migrations

from core.roles import sync_role_permissions


def create_default_office_hours(apps, schema_editor):
    OfficeHoursBlock = apps.get_model("core", "OfficeHoursBlock")
    if OfficeHoursBlock.objects.exists():
        return
    OfficeHoursBlock.objects.bulk_create(
        OfficeHoursBlock(weekday=weekday, starts_at=time(8, 0), ends_at=time(16, 0)) for weekday in range(5)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("leads", "0001_initial"),
        ("inquiries", "0001_initial"),
        ("automation", "0002_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
        migrations.RunPython(create_default_office_hours, migrations.RunPython.noop),
    ]
