"""Trigram indexes for the lead search's substring match on names and schools (PostgreSQL only).

Django's icontains compiles to UPPER(col::text) LIKE UPPER('%…%') on PostgreSQL, so the index is on
that expression. Other databases (the embedded SQLite default) scan, which is fine at their size.
"""

from django.db import migrations

from core.migration_ops import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS lead_full_name_trgm ON leads_lead USING gin ((UPPER(full_name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS institution_name_trgm ON leads_institution USING gin ((UPPER(name::text)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS lead_full_name_trgm",
    "DROP INDEX IF EXISTS institution_name_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("leads", "0002_search_indexes_and_history_reason")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
