"""Content roles: Admin Media Sosial and Humas draft and produce; Kadiv and the new Koordinator
Humas group approve (content.approve_contentitem). Re-syncs the whole role table (core.roles)."""

from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("core", "0005_sync_roles"),
        ("leads", "0006_lead_campaign_code"),
        ("inquiries", "0006_inquiry_campaign_code"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
