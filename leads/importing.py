"""Import of lead lists from school visits and exhibitions (SOP 03 stage 1.1), CSV or XLSX.

Rows are read and validated first (each bad row gets its line number and reason), then the good
rows are written in ONE transaction through `create_lead` (duplicates merge into the existing
lead), so an import that fails midway leaves nothing half-written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_moment
from core.models import AuditLog
from core.spreadsheets import csv_bytes, safe_cell
from leads.models import Institution, Lead, LeadSource, StudyProgram, Temperature, Track
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone
from leads.services import create_leads, find_existing_lead, find_or_create_institution, update_lead

COLUMNS = [
    "full_name",
    "phone",
    "whatsapp",
    "email",
    "institution",
    "city",
    "program",
    "track",
    "temperature",
    "source",
    "source_detail",
    "obtained_at",
    "consent",
]
IMPORT_CONSENT_WORDING = "Persetujuan dikumpulkan pada formulir kegiatan (impor daftar)"
_TRUE = {"1", "ya", "y", "yes", "true", "setuju", "benar"}
_FALSE = {"0", "tidak", "t", "no", "n", "false", "tidak setuju"}


class ImportFileError(ValueError):
    """The file itself cannot be read (wrong format, missing columns)."""


@dataclass
class ImportRow:
    line: int
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)  # the cells as read, for the rejected-rows CSV

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[ImportRow]
    created: int = 0
    merged: int = 0

    @property
    def rejected(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def valid(self) -> list[ImportRow]:
        return [row for row in self.rows if row.is_valid]


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, raw dict) for every non-empty data row; line 1 is the header."""
    if filename.lower().endswith(".xlsx"):
        records = _read_xlsx(content)
    else:
        records = _read_csv(content)
    if not records:
        raise ImportFileError(_("Berkas kosong."))
    header = [str(cell or "").strip().lower() for cell in records[0]]
    missing = [name for name in ("full_name",) if name not in header]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(columns)s. Unduh template untuk contoh.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for index, record in enumerate(records[1:], start=2):
        values = {
            name: record[i] if i < len(record) else "" for i, name in enumerate(header) if name in COLUMNS
        }
        if any(str(value or "").strip() for value in values.values()):
            rows.append((index, values))
    return rows


MAX_CELL_CHARS = 2000  # no column of a lead holds more; a longer cell is a wrong file, not data


def decode_text(content: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1252
    (what Excel on Indonesian Windows saves); a binary file is refused with a message."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca.")) from exc
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca (berkas biner?).")) from exc
    head = text[:8192]
    control = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t")
    if control > max(8, len(head) // 100):
        raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca (berkas biner?)."))
    return text.replace("\x00", "")  # a stray NUL byte is dropped, never stored


def _read_csv(content: bytes) -> list[list]:
    text = decode_text(content)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # the csv module's own limit (128 KiB) raises csv.Error mid-read; ours gives a line number
    csv.field_size_limit(1024 * 1024)
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    for line, record in enumerate(records, start=1):
        if any(len(cell) > MAX_CELL_CHARS for cell in record):
            raise ImportFileError(
                _("Baris %(line)s: sel lebih dari %(max)s karakter; periksa berkasnya.")
                % {"line": line, "max": MAX_CELL_CHARS}
            )
    return records


def _read_xlsx(content: bytes) -> list[list]:
    # Function-level: openpyxl is heavy and only XLSX uploads need it.
    from openpyxl import load_workbook

    try:
        # formulas are read as their text (never a cached result) and stored as text (safe_cell)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several types for a corrupt or non-XLSX file
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca.")) from exc
    sheet = workbook.worksheets[0]
    records = []
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in row):
            raise ImportFileError(
                _("Baris %(line)s: sel lebih dari %(max)s karakter; periksa berkasnya.")
                % {"line": line, "max": MAX_CELL_CHARS}
            )
        records.append(list(row))
    return records


def _choice(value: str, choices, default: str, label: str, errors: list[str]) -> str:
    text = str(value or "").strip().lower()
    if not text:
        return default
    for code, display in choices:
        if text in (code, str(display).lower()):
            return code
    errors.append(_("%(label)s “%(value)s” tidak dikenal.") % {"label": label, "value": value})
    return default


def _parse_moment(value, now: dt.datetime, errors: list[str]) -> dt.datetime:
    if value in (None, ""):
        return now
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(9, 0))
    else:
        text = str(value).strip()
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            errors.append(
                _("Tanggal diperoleh “%(value)s” tidak dapat dibaca (pakai YYYY-MM-DD).") % {"value": value}
            )
            return now
    if timezone.is_naive(moment):
        if moment.year < 1900:  # make_aware cannot place year 1 in a zone; check_moment refuses it anyway
            errors.append(
                _("Tanggal diperoleh “%(value)s” di luar rentang yang masuk akal.") % {"value": value}
            )
            return now
        moment = timezone.make_aware(moment)
    if moment > now + dt.timedelta(minutes=5):
        errors.append(_("Tanggal diperoleh ada di masa depan."))
        return now
    try:
        check_moment(moment, now=now, allow_future=False)
    except ValidationError as exc:
        errors.append(exc.messages[0])
        return now
    return moment


class RowValidator:
    def __init__(self, now: dt.datetime):
        self.now = now
        self.programs: dict[str, StudyProgram] = {}
        for program in StudyProgram.objects.all():
            self.programs[program.code.lower()] = program
            self.programs[program.name.lower()] = program

    def __call__(self, line: int, raw: dict) -> ImportRow:
        errors: list[str] = []
        text = {
            key: ("" if value is None else str(value).replace("\x00", "").strip())
            for key, value in raw.items()
        }
        data: dict = {"full_name": safe_cell(text.get("full_name", ""))}
        if not data["full_name"]:
            errors.append(_("Nama lengkap kosong."))
        for name, limit in (("full_name", 160), ("institution", 160), ("city", 80), ("source_detail", 200)):
            if len(text.get(name, "")) > limit:
                errors.append(
                    _("Kolom %(column)s lebih dari %(max)s karakter.") % {"column": name, "max": limit}
                )
        for name in ("phone", "whatsapp"):
            try:
                data[name] = normalize_phone(text[name]) if text.get(name) else ""
            except InvalidPhoneNumber as exc:
                errors.append(str(exc))
                data[name] = ""
        data["email"] = normalize_email(text.get("email", ""))
        if len(data["email"]) > 254:
            errors.append(_("Email lebih dari 254 karakter."))
            data["email"] = ""
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                errors.append(_("Email “%(value)s” tidak valid.") % {"value": text["email"]})
        if not (data["phone"] or data["whatsapp"] or data["email"]) and not errors:
            errors.append(_("Tidak ada kontak: isi telepon, WhatsApp atau email."))
        program_text = text.get("program", "").lower()
        data["program"] = self.programs.get(program_text) if program_text else None
        if program_text and data["program"] is None:
            errors.append(_("Program studi “%(value)s” tidak dikenal.") % {"value": text["program"]})
        data["track"] = _choice(text.get("track"), Track.choices, Track.REGULAR, _("Jalur"), errors)
        data["temperature"] = _choice(
            text.get("temperature"), Temperature.choices, Temperature.WARM, _("Suhu"), errors
        )
        data["source"] = _choice(
            text.get("source"), LeadSource.choices, LeadSource.IMPORT, _("Sumber"), errors
        )
        data["source_detail"] = safe_cell(text.get("source_detail", ""))[:200]
        data["obtained_at"] = _parse_moment(raw.get("obtained_at"), self.now, errors)
        consent = text.get("consent", "").lower()
        data["consent"] = True if consent in _TRUE else False if consent in _FALSE else None
        if consent and data["consent"] is None:
            errors.append(
                _("Nilai consent “%(value)s” tidak dikenal (pakai ya/tidak).") % {"value": text["consent"]}
            )
        data["institution"] = (
            safe_cell(text.get("institution", ""))[:160],
            safe_cell(text.get("city", ""))[:80],
        )
        return ImportRow(line=line, data=data, errors=errors, raw=text)


def validate_file(content: bytes, filename: str, *, now: dt.datetime | None = None) -> ImportReport:
    """Read and validate every row without writing anything (the preview)."""
    validator = RowValidator(now or timezone.now())
    return ImportReport(rows=[validator(line, raw) for line, raw in read_rows(content, filename)])


def commit_import(report: ImportReport, *, by, filename: str = "") -> ImportReport:
    """Write the valid rows in one transaction; duplicates fill the blanks of the existing lead."""
    institutions: dict = {}
    with transaction.atomic():
        rows = []
        for row in report.valid:
            data = dict(row.data)
            data["institution"] = find_or_create_institution(*data["institution"], institutions)
            rows.append(data)
        results = create_leads(rows, by=by, consent_wording=IMPORT_CONSENT_WORDING, consent_source="import")
        for data, result in zip(rows, results):
            if result.created:
                report.created += 1
            else:
                report.merged += 1
                _merge_row(result.lead, data, data["institution"], by=by)
        AuditLog.objects.create(
            action="leads.import",
            actor=by,
            object_type="lead",
            detail={
                "file": filename,
                "created": report.created,
                "merged": report.merged,
                "rejected": len(report.rejected),
            },
        )
    return report


def _merge_row(lead: Lead, data: dict, institution: Institution | None, *, by) -> None:
    """Fill the existing lead's blank fields from the duplicate row (never overwrite what staff entered)."""
    changes = {}
    for name in ("phone", "whatsapp", "email"):
        value = data.get(name)
        if value and not getattr(lead, name):
            owner = find_existing_lead(**{name: value})
            if owner is None or owner.pk == lead.pk:
                changes[name] = value
    if institution and not lead.institution_id:
        changes["institution"] = institution
    if data.get("program") and not lead.program_id:
        changes["program"] = data["program"]
    if data.get("source_detail") and not lead.source_detail:
        changes["source_detail"] = data["source_detail"]
    if changes:
        update_lead(lead, by=by, **changes)


def template_csv() -> bytes:
    return csv_bytes(
        COLUMNS,
        [
            [
                "Siti Rahmawati",
                "0812-3456-7890",
                "",
                "siti@contoh.sch.id",
                "SMA Negeri 1 Tanjungpinang",
                "Tanjungpinang",
                "ph",
                "regular",
                "warm",
                "school_visit",
                "Kunjungan SMAN 1 Tanjungpinang",
                timezone.localdate().isoformat(),
                "ya",
            ]
        ],
    )
