"""The supervisor's ticket download: the inbox's filtered rows as a file, and a log row saying so."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from inquiries import ticket_export
from inquiries.models import TicketExport
from inquiries.selectors import InboxFilters, inbox_queryset


def export_tickets(*, user: User, filters: InboxFilters, file_format: str) -> tuple[bytes, int]:
    """(file bytes, rows) of the tickets matching the filters, at most MAX_ROWS; the download is logged."""
    if file_format not in ("csv", "xlsx"):
        raise ValueError(f"Unknown format {file_format!r}")
    now = timezone.now()
    inquiries = list(inbox_queryset(user, filters, now=now)[: ticket_export.MAX_ROWS])
    body = list(ticket_export.rows(inquiries, now=now))
    head = ticket_export.header()
    data = (
        ticket_export.csv_bytes(head, body)
        if file_format == "csv"
        else ticket_export.xlsx_bytes("Tiket", head, body)
    )
    with transaction.atomic():
        TicketExport.objects.create(
            user=user, file_format=file_format, filters=asdict(filters), row_count=len(body), created_at=now
        )
    return data, len(body)
