"""The import engine: validated rows in batches, set-based, bounded memory (issue 13 item 2).

Per batch of `BATCH_SIZE` rows: ONE query for the existing owners of the batch's phones and emails
(the unique (kind, value) index), one for the leads those rows merge into, one for unknown
institutions, then bulk inserts (leads, contacts, status history, consent ledger, rejected rows) and
one bulk update of the merged leads' filled blanks. Leads created by an earlier batch of the same
file are already in the database, so the owner query also de-duplicates across batches; within a
batch a dict does. Nothing grows with the file except the institution cache (capped).

`write_rows` must run inside the caller's transaction (one per file, DESIGN.md: atomic per file).
`plan_rows` is the preview: the same matching without writing; rows of the same file are matched
through a temporary on-disk SQLite index of the contacts seen so far, so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from core import changes
from core.bulk import insert_instances, insert_rows
from core.type_aliases import Actor
from leads.import_models import ImportJob, ImportRejectedRow
from leads.importing import COLUMNS, ImportRow
from leads.models import (
    ConsentChannel,
    ConsentRecord,
    ContactKind,
    Institution,
    InstitutionKind,
    Lead,
    LeadContact,
    LeadStatusChange,
    VerificationState,
)
from leads.services import build_lead, contact_values

BATCH_SIZE = 2000
INSTITUTION_CACHE_LIMIT = 50_000
Pair = tuple[str, str]


@dataclass
class ImportCounts:
    processed: int = 0
    created: int = 0
    merged: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class PlannedRow:
    row: ImportRow
    outcome: str  # "created", "merged" or "rejected"
    into_id: int | None = None  # the existing lead a merged row fills in
    into_name: str = ""
    into_line: int | None = None  # or the earlier line of this file it merges with


def batches(rows: Iterable[ImportRow], size: int = BATCH_SIZE) -> Iterator[list[ImportRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _pairs(row: ImportRow) -> list[Pair]:
    data = row.data
    return contact_values(
        phone=data.get("phone", ""), whatsapp=data.get("whatsapp", ""), email=data.get("email", "")
    )


def _owners(pair_lists: Iterable[list[Pair]]) -> dict[Pair, int]:
    """(kind, value) -> the lowest id of the leads owning it: one query for the whole batch."""
    phones = {value for pairs in pair_lists for kind, value in pairs if kind == ContactKind.PHONE}
    emails = {value for pairs in pair_lists for kind, value in pairs if kind == ContactKind.EMAIL}
    query = Q(pk__in=[])
    if phones:
        query |= Q(kind=ContactKind.PHONE, value__in=phones)
    if emails:
        query |= Q(kind=ContactKind.EMAIL, value__in=emails)
    owners: dict[Pair, int] = {}
    if phones or emails:
        for kind, value, lead_id in LeadContact.objects.filter(query).values_list("kind", "value", "lead_id"):
            key = (kind, value)
            owners[key] = min(lead_id, owners.get(key, lead_id))
    return owners


def rejected_cells(row: ImportRow) -> dict[str, str]:
    return {name: row.raw.get(name, "") for name in COLUMNS}


def rejected_row(job: ImportJob, row: ImportRow) -> ImportRejectedRow:
    return ImportRejectedRow(job=job, line=row.line, reason=" ".join(row.errors), cells=rejected_cells(row))


class _Institutions:
    """Schools and companies by (name, city), case-insensitive: found or created per batch in bulk."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Institution] = {}

    def resolve(self, keys: set[tuple[str, str]]) -> None:
        wanted = {(name.lower(), city.lower()): (name, city) for name, city in keys if name}
        missing = {key: value for key, value in wanted.items() if key not in self.cache}
        if not missing:
            return
        if len(self.cache) > INSTITUTION_CACHE_LIMIT:
            self.cache.clear()
        found = Institution.objects.annotate(lower_name=Lower("name")).filter(
            lower_name__in={name for name, _city in missing}
        )
        for institution in found.order_by("pk"):
            key = (institution.name.lower(), institution.city.lower())
            if key in missing and key not in self.cache:
                self.cache[key] = institution
        new = [
            Institution(kind=_institution_kind(name), name=name, city=city)
            for key, (name, city) in missing.items()
            if key not in self.cache
        ]
        for created in Institution.objects.bulk_create(new):
            self.cache[(created.name.lower(), created.city.lower())] = created

    def get(self, name: str, city: str) -> Institution | None:
        return self.cache.get((name.lower(), city.lower())) if name else None


def _institution_kind(name: str) -> str:
    return (
        InstitutionKind.COMPANY
        if name.lower().startswith(("pt ", "cv ", "hotel"))
        else InstitutionKind.SCHOOL
    )


@dataclass
class _Batch:
    """What one batch writes, collected before the bulk statements."""

    owners: dict[Pair, int]
    leads: dict[int, Lead]
    new_leads: list[Lead] = field(default_factory=list)
    new_pairs: dict[int, list[Pair]] = field(default_factory=dict)  # id(new lead) -> its pairs
    claimed: dict[Pair, Lead] = field(default_factory=dict)
    changed: dict[int, set[str]] = field(default_factory=dict)  # existing lead id -> changed fields
    contacts: list[LeadContact] = field(default_factory=list)  # new contacts of existing leads
    consents: list[tuple[Lead, bool]] = field(default_factory=list)  # new leads with a consent cell

    def owner_of(self, pair: Pair) -> object | None:
        """The lead (existing id or new Lead) that owns a contact, or None."""
        if pair in self.owners:
            return self.owners[pair]
        return self.claimed.get(pair)


def _fill_blanks(lead: Lead, data: dict, institution: Institution | None, batch: _Batch) -> set[str]:
    """The duplicate row fills the lead's blank fields (never overwrites what staff entered); a
    contact another lead owns is left out. Returns the changed field names."""
    is_new = lead.pk is None
    me: object = lead if is_new else lead.pk
    changed: set[str] = set()
    for name in ("phone", "whatsapp", "email"):
        value = data.get(name) or ""
        if not value or getattr(lead, name):
            continue
        pair = (ContactKind.EMAIL if name == "email" else ContactKind.PHONE, value)
        owner = batch.owner_of(pair)
        if owner is not None and owner is not me and owner != me:
            continue
        setattr(lead, name, value)
        changed.add(name)
        if owner is None:
            if is_new:
                batch.new_pairs[id(lead)].append(pair)
                batch.claimed[pair] = lead
            else:
                batch.contacts.append(LeadContact(lead_id=lead.pk, kind=pair[0], value=value))
                batch.owners[pair] = lead.pk
    if {"phone", "whatsapp"} & changed:
        lead.phone_state = VerificationState.UNVERIFIED
        changed.add("phone_state")
    if "email" in changed:
        lead.email_state = VerificationState.UNVERIFIED
        changed.add("email_state")
    if institution is not None and not lead.institution_id:
        lead.institution = institution
        changed.add("institution")
    if data.get("program") and not lead.program_id:
        lead.program = data["program"]
        changed.add("program")
    if data.get("source_detail") and not lead.source_detail:
        lead.source_detail = data["source_detail"]
        changed.add("source_detail")
    return changed


class ImportWriter:
    """Writes one file's valid rows batch by batch; call inside one transaction."""

    def __init__(self, *, job: ImportJob, by: Actor, consent_wording: str, now: dt.datetime | None = None):
        self.job = job
        self.by = by
        self.by_id = by.pk if by is not None else None
        self.consent_wording = consent_wording
        self.now = now or timezone.now()
        self.institutions = _Institutions()
        self.counts = ImportCounts()

    def write(self, rows: list[ImportRow]) -> ImportCounts:
        """Write one batch: rejected rows stored, valid rows created or merged."""
        rejected = [row for row in rows if not row.is_valid]
        insert_rows(
            ImportRejectedRow,
            ["job_id", "line", "reason", "cells"],
            [(self.job.pk, row.line, " ".join(row.errors), rejected_cells(row)) for row in rejected],
        )
        valid = [row for row in rows if row.is_valid]
        pair_lists = [_pairs(row) for row in valid]
        owners = _owners(pair_lists)
        leads = Lead.objects.in_bulk(set(owners.values())) if owners else {}
        self.institutions.resolve({row.data["institution"] for row in valid})
        batch = _Batch(owners=owners, leads=leads)
        for row, pairs in zip(valid, pair_lists, strict=True):
            data = dict(row.data)
            institution = self.institutions.get(*data.pop("institution"))
            existing_ids = sorted({owners[pair] for pair in pairs if pair in owners})
            if existing_ids:
                lead = leads[existing_ids[0]]
                batch.changed.setdefault(lead.pk, set()).update(_fill_blanks(lead, data, institution, batch))
                self.counts.merged += 1
                continue
            earlier = next((batch.claimed[pair] for pair in pairs if pair in batch.claimed), None)
            if earlier is not None:
                _fill_blanks(earlier, data, institution, batch)
                self.counts.merged += 1
                continue
            # ids, not instances: a foreign-key descriptor per field and row is measurable at 1M rows
            program = data.pop("program")
            lead = build_lead(
                by=self.by,
                now=self.now,
                institution_id=institution.pk if institution else None,
                program_id=program.pk if program else None,
                import_job_id=self.job.pk,
                **data,
            )
            batch.new_leads.append(lead)
            if data.get("consent") is not None:
                batch.consents.append((lead, data["consent"]))
            batch.new_pairs[id(lead)] = list(pairs)
            for pair in pairs:
                batch.claimed[pair] = lead
            self.counts.created += 1
        self._flush(batch)
        self.counts.processed += len(rows)
        self.counts.rejected += len(rejected)
        return self.counts

    def _flush(self, batch: _Batch) -> None:
        insert_instances(Lead, batch.new_leads)
        insert_rows(
            LeadContact,
            ["lead_id", "kind", "value"],
            [(lead.pk, kind, value) for lead in batch.new_leads for kind, value in batch.new_pairs[id(lead)]]
            + [(contact.lead_id, contact.kind, contact.value) for contact in batch.contacts],
        )
        insert_rows(
            LeadStatusChange,
            ["lead_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"],
            [(lead.pk, "", lead.status, self.by_id, self.now, "created") for lead in batch.new_leads],
        )
        insert_rows(
            ConsentRecord,
            ["lead_id", "channel", "is_granted", "wording", "source", "recorded_by_id", "recorded_at"],
            [
                (lead.pk, ConsentChannel.ALL, granted, self.consent_wording, "import", self.by_id, self.now)
                for lead, granted in batch.consents
            ],
        )
        changed = {lead_id: fields for lead_id, fields in batch.changed.items() if fields}
        if changed:
            names = sorted(set().union(*changed.values()) | {"updated_at"})
            updated = [batch.leads[lead_id] for lead_id in changed]
            for lead in updated:
                lead.updated_at = self.now
            Lead.objects.bulk_update(updated, names)
        # Bulk inserts and updates send no model signal: tell the listeners (reports' roll-ups).
        changes.leads_changed([lead.pk for lead in batch.new_leads] + list(changed))


class SeenContacts:
    """The contacts of the rows already planned, in a temporary SQLite file (flat memory however
    long the file): Python's hash of the (kind, value) pair -> the first line that had it."""

    def __init__(self) -> None:
        self._file = tempfile.NamedTemporaryFile(suffix=".sqlite3")  # noqa: SIM115 - closed in close()
        self._db = sqlite3.connect(self._file.name)
        self._db.execute("CREATE TABLE seen (h INTEGER PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")

    def lookup(self, pairs: Iterable[Pair]) -> dict[int, int]:
        hashes = list({hash(pair) for pair in pairs})
        found: dict[int, int] = {}
        for start in range(0, len(hashes), 900):
            chunk = hashes[start : start + 900]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT h, line FROM seen WHERE h IN ({marks})", chunk))  # noqa: S608
        return found

    def add(self, items: Iterable[tuple[Pair, int]]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO seen VALUES (?, ?)", ((hash(p), line) for p, line in items)
        )

    def close(self) -> None:
        self._db.close()
        self._file.close()


def plan_rows(rows: Iterable[ImportRow], *, on_batch: Callable[[list[PlannedRow]], None]) -> None:
    """The outcome of every row as `ImportWriter` will produce it, batch by batch, writing nothing."""
    seen = SeenContacts()
    try:
        for batch in batches(rows):
            valid = [row for row in batch if row.is_valid]
            pair_lists = {row.line: _pairs(row) for row in valid}
            owners = _owners(pair_lists.values())
            earlier = seen.lookup(pair for pairs in pair_lists.values() for pair in pairs)
            names = dict(Lead.objects.filter(pk__in=set(owners.values())).values_list("pk", "full_name"))
            planned: list[PlannedRow] = []
            for row in batch:
                if not row.is_valid:
                    planned.append(PlannedRow(row=row, outcome="rejected"))
                    continue
                pairs = pair_lists[row.line]
                existing = sorted({owners[pair] for pair in pairs if pair in owners})
                lines = sorted(earlier[hash(pair)] for pair in pairs if hash(pair) in earlier)
                if existing:
                    planned.append(
                        PlannedRow(
                            row=row,
                            outcome="merged",
                            into_id=existing[0],
                            into_name=names.get(existing[0], ""),
                        )
                    )
                elif lines:
                    planned.append(PlannedRow(row=row, outcome="merged", into_line=lines[0]))
                else:
                    planned.append(PlannedRow(row=row, outcome="created"))
                for pair in pairs:
                    earlier.setdefault(hash(pair), row.line)
            seen.add((pair, row.line) for row in valid for pair in pair_lists[row.line])
            on_batch(planned)
    finally:
        seen.close()
