"""Every existing template gets its text as version 1: approved when Kadiv had approved it (so the
welcome, follow-up, scripts and replies keep using it), a draft otherwise. Roles gain the library,
FAQ-approval and office-calendar permissions."""

from django.db import migrations

from core.roles import sync_role_permissions


def create_first_versions(apps, schema_editor):
    ResponseTemplate = apps.get_model("core", "ResponseTemplate")
    TemplateVersion = apps.get_model("core", "TemplateVersion")
    for template in ResponseTemplate.objects.filter(versions__isnull=True):
        approved = template.approved_at is not None
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            status="approved" if approved else "draft",
            subject=template.subject,
            body=template.body,
            whatsapp_template_name=template.whatsapp_template_name,
            whatsapp_language=template.language if template.whatsapp_template_name else "",
            change_note="Versi awal (sebelum pustaka template)",
            created_at=template.created_at,
            approved_by_id=template.approved_by_id,
            approved_at=template.approved_at,
        )
        if approved:
            ResponseTemplate.objects.filter(pk=template.pk).update(approved_version=version)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_template_versions"), ("leads", "0006_campaign_review")]

    operations = [
        migrations.RunPython(create_first_versions, migrations.RunPython.noop),
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
    ]
