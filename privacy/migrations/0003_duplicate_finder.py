"""The duplicate finder: dismissed pairs, pg_trgm (already created by leads 0003, asserted here for
the trigram similarity the finder computes) and the expression indexes its exact detectors join on.

The indexes are raw SQL because they must be the very expressions of privacy/selectors.py (NAME_KEY,
EMAIL_LOCAL); both databases build them, partial on leads not erased (the finder never shows those).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAME_KEY = "LOWER(REPLACE(REPLACE(REPLACE(full_name, ' ', ''), '.', ''), ',', ''))"
EMAIL_LOCAL = {
    "postgresql": "LOWER(SPLIT_PART(email, '@', 1))",
    "sqlite": "LOWER(SUBSTR(email, 1, INSTR(email, '@') - 1))",
}


class GuardedTrigramExtension(TrigramExtension):
    """pg_trgm on PostgreSQL only; never dropped on the way back (leads 0003's indexes need it)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return None


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in EMAIL_LOCAL:
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS lead_dup_name_key ON leads_lead ({NAME_KEY}, institution_id) "
        "WHERE NOT is_erased AND institution_id IS NOT NULL"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS lead_dup_email_local ON leads_lead ({EMAIL_LOCAL[vendor]}) "
        "WHERE NOT is_erased AND email <> ''"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor in EMAIL_LOCAL:
        schema_editor.execute("DROP INDEX IF EXISTS lead_dup_name_key")
        schema_editor.execute("DROP INDEX IF EXISTS lead_dup_email_local")


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0009_merge_undo_record'),
        ('privacy', '0002_sync_roles_after_every_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        GuardedTrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.CreateModel(
            name='DuplicateDismissal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dismissed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('dismissed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lead_high', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='leads.lead')),
                ('lead_low', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='leads.lead')),
            ],
            options={
                'verbose_name': 'bukan duplikat',
                'verbose_name_plural': 'bukan duplikat',
                'constraints': [models.UniqueConstraint(fields=('lead_low', 'lead_high'), name='duplicatedismissal_unique_pair'), models.CheckConstraint(condition=models.Q(('lead_low__lt', models.F('lead_high'))), name='duplicatedismissal_ordered')],
            },
        ),
    ]
