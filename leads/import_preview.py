"""What an import will do, row by row, before anything is written (issue 14 item 4): each valid row
is "created" or "merged" into an existing lead (or into an earlier row of the same file), each bad
row "rejected" with its reasons; the rejected rows download as CSV with a reason column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from leads.importing import COLUMNS, ImportReport, ImportRow
from leads.models import ContactKind, Lead, LeadContact
from leads.services import contact_values

CHUNK = 1000


@dataclass(frozen=True)
class PlannedRow:
    row: ImportRow
    outcome: str  # "created", "merged" or "rejected"
    into: Lead | None = None  # the existing lead a merged row fills in
    into_line: int | None = None  # or the earlier line of this file it merges with


@dataclass(frozen=True)
class ImportPlan:
    rows: list[PlannedRow]

    def count(self, outcome: str) -> int:
        return sum(1 for planned in self.rows if planned.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def merged(self) -> int:
        return self.count("merged")

    @property
    def rejected(self) -> int:
        return self.count("rejected")


def _pairs(row: ImportRow) -> list[tuple[str, str]]:
    data = row.data
    return contact_values(
        phone=data.get("phone", ""), whatsapp=data.get("whatsapp", ""), email=data.get("email", "")
    )


def _existing_owners(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], Lead]:
    """(kind, value) -> owning lead, one IN query per kind and thousand values (index on kind, value)."""
    owners: dict[tuple[str, str], Lead] = {}
    for kind in (ContactKind.PHONE, ContactKind.EMAIL):
        values = sorted(value for k, value in pairs if k == kind)
        for start in range(0, len(values), CHUNK):
            contacts = LeadContact.objects.filter(
                kind=kind, value__in=values[start : start + CHUNK]
            ).select_related("lead")
            for contact in contacts:
                key = (contact.kind, contact.value)
                if key not in owners or contact.lead_id < owners[key].pk:
                    owners[key] = contact.lead
    return owners


def plan_import(report: ImportReport) -> ImportPlan:
    """The outcome of every row, as `commit_import` will produce it (same contact matching)."""
    valid_pairs = {pair for row in report.valid for pair in _pairs(row)}
    owners = _existing_owners(valid_pairs)
    seen_in_file: dict[tuple[str, str], int] = {}
    planned: list[PlannedRow] = []
    for row in report.rows:
        if not row.is_valid:
            planned.append(PlannedRow(row=row, outcome="rejected"))
            continue
        pairs = _pairs(row)
        existing = sorted((owners[p] for p in pairs if p in owners), key=lambda lead: lead.pk)
        earlier = sorted(seen_in_file[p] for p in pairs if p in seen_in_file)
        if existing:
            planned.append(PlannedRow(row=row, outcome="merged", into=existing[0]))
        elif earlier:
            planned.append(PlannedRow(row=row, outcome="merged", into_line=earlier[0]))
        else:
            planned.append(PlannedRow(row=row, outcome="created"))
        for pair in pairs:
            seen_in_file.setdefault(pair, row.line)
    return ImportPlan(rows=planned)


def rejected_rows_csv(report: ImportReport) -> bytes:
    """The rejected rows with their line and reason, as CSV (UTF-8 with BOM for spreadsheet apps)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["line", *COLUMNS, "reason"])
    for row in report.rejected:
        writer.writerow([row.line, *[row.raw.get(name, "") for name in COLUMNS], " ".join(row.errors)])
    return buffer.getvalue().encode("utf-8-sig")


def outcome_label(outcome: str) -> str:
    return {"created": _("baru"), "merged": _("digabung"), "rejected": _("ditolak")}[outcome]
