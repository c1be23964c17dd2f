"""The supervisor's download of the filtered tickets (ITB care center 10) as CSV or XLSX.

Every cell goes through `safe_cell`: contact names and first messages come from strangers, and a
cell starting with = + - @ (or TAB/CR) would run as a formula when the file is opened (OWASP CSV
injection). This is the one place the inbox neutralises cells; when `core.spreadsheets` (the shared
writer) is available this module should use it instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from core.people import display_name
from core.spreadsheets import safe_cell  # the one formula-injection rule (OWASP)

MAX_ROWS = 50_000


def header() -> list[str]:
    return [
        _("No. tiket"),
        _("Diterima"),
        _("Kanal"),
        _("Penanya"),
        _("Level"),
        _("Kategori"),
        _("Status"),
        _("Petugas"),
        _("Umur (jam)"),
        _("Respons pertama jatuh tempo"),
        _("Respons pertama"),
        _("Selesai jatuh tempo"),
        _("Selesai"),
        _("Pesan pertama"),
    ]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def rows(inquiries: Iterable, *, now) -> Iterable[list]:
    for inquiry in inquiries:
        end = inquiry.closed_at or inquiry.resolved_at or now
        yield [
            inquiry.pk,
            _local(inquiry.received_at),
            inquiry.get_channel_display(),
            inquiry.contact_name or inquiry.contact_key,
            inquiry.level,
            inquiry.category.name if inquiry.category else "",
            inquiry.get_status_display(),
            display_name(inquiry.assignee),
            round((end - inquiry.received_at).total_seconds() / 3600, 1),
            _local(inquiry.first_response_due),
            _local(inquiry.first_response_at),
            _local(inquiry.resolution_due),
            _local(inquiry.resolved_at),
            inquiry.subject,
        ]


def csv_bytes(head: Sequence, body: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(v) for v in head])
    for row in body:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, head: Sequence, body: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in [head, *body]:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # a text cell, never a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
