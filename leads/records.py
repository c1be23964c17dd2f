"""The audited list export of leads (core.models.AuditLog). Merge and the UU PDP rights (export a
person's data, erase them) live in the `privacy` app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from core.models import AuditLog
from core.people import display_name
from core.spreadsheets import csv_bytes, xlsx_bytes
from leads.models import Lead

EXPORT_COLUMNS = [
    "id",
    "full_name",
    "phone",
    "whatsapp",
    "email",
    "status",
    "temperature",
    "track",
    "source",
    "source_detail",
    "institution",
    "city",
    "program",
    "owner",
    "has_marketing_consent",
    "obtained_at",
    "created_at",
]


def _row(lead: Lead) -> list:
    return [
        lead.pk,
        lead.full_name,
        lead.phone,
        lead.whatsapp,
        lead.email,
        lead.status,
        lead.temperature,
        lead.track,
        lead.source,
        lead.source_detail,
        lead.institution.name if lead.institution else "",
        lead.institution.city if lead.institution else "",
        lead.program.name if lead.program else "",
        display_name(lead.owner),
        lead.has_marketing_consent,
        timezone.localtime(lead.obtained_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M"),
    ]


def export_leads(queryset: QuerySet[Lead], *, fmt: str, by, query: str = "") -> bytes:
    """The filtered list as CSV or XLSX bytes; the export is logged with its filter and row count."""
    rows = [_row(lead) for lead in queryset.iterator(chunk_size=2000)]
    if fmt == "xlsx":
        content = xlsx_bytes([("leads", EXPORT_COLUMNS, rows)])
    else:
        content = csv_bytes(EXPORT_COLUMNS, rows)
    AuditLog.objects.create(
        action="leads.export",
        actor=by,
        object_type="lead",
        detail={"format": fmt, "query": query, "rows": len(rows)},
    )
    return content
