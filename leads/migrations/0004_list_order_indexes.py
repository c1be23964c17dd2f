"""Indexes for the lead list's sort orders (PostgreSQL only, like 0003).

The list pages with OFFSET over a total order: the chosen sort, then newest first, then id
(`leads.selectors._with_unique_order`). "status" is served by lead_status_created (status, created_at
DESC); "-status" walks that index backwards, which yields created_at ascending inside each status,
so without this index PostgreSQL sorted every lead of the first status (~35,000 rows at 100,000 leads).
lead_live_id is a partial index of the leads that are not erased: an exact COUNT(*) of them (the API
list's pagination, the capped count of the page) becomes an index-only scan, about 4x cheaper than
reading the table.
The embedded SQLite default has no index here: at its sizes a sort is cheap.
"""

from django.db import migrations

from core.migration_ops import postgresql_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS lead_status_desc_created ON leads_lead (status DESC, created_at DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS lead_live_id ON leads_lead (id) WHERE NOT is_erased",
]
BACKWARD = [
    "DROP INDEX IF EXISTS lead_status_desc_created",
    "DROP INDEX IF EXISTS lead_live_id",
]


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_trigram_name_search")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
