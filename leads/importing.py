"""Import of lead lists from school visits and exhibitions (SOP 03 stage 1.1), CSV or XLSX.

Rows are streamed from the file (CSV through a text wrapper, XLSX in openpyxl's read-only mode) and
validated one by one (each bad row gets its line number and reason); `leads.import_writer` writes
them in batches inside ONE transaction per file (duplicates merge into the existing lead), so an
import that fails midway leaves nothing half-written. `leads.import_jobs` runs the whole thing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.dates import check_moment
from core.spreadsheets import csv_bytes, safe_cell
from leads.models import LeadSource, StudyProgram, Temperature, Track
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone

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
    return list(iter_rows(io.BytesIO(content), filename))


def iter_rows(stream: BinaryIO, filename: str) -> Iterator[tuple[int, dict]]:
    """Stream (line number, raw dict) for every non-empty data row of a seekable binary file, without
    holding the file in memory (CSV through a text wrapper, XLSX in openpyxl's read-only mode)."""
    records = _iter_xlsx(stream) if filename.lower().endswith(".xlsx") else _iter_csv(stream)
    first = next(records, None)
    if first is None:
        raise ImportFileError(_("Berkas kosong."))
    header = [str(cell or "").strip().lower() for cell in first]
    missing = [name for name in ("full_name",) if name not in header]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(columns)s. Unduh template untuk contoh.")
            % {"columns": ", ".join(missing)}
        )
    wanted = [(i, name) for i, name in enumerate(header) if name in COLUMNS]
    for index, record in enumerate(records, start=2):
        values = {name: record[i] if i < len(record) else "" for i, name in wanted}
        if any(str(value or "").strip() for value in values.values()):
            yield index, values


MAX_CELL_CHARS = 2000  # no column of a lead holds more; a longer cell is a wrong file, not data
_SCAN_CHUNK = 1024 * 1024


def _fully_decodes(stream: BinaryIO, encoding: str) -> bool:
    """True when the whole stream decodes (read in 1 MiB chunks: memory stays flat)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    stream.seek(0)
    try:
        while chunk := stream.read(_SCAN_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def detect_encoding(stream: BinaryIO) -> str:
    """The encoding of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 (with BOM) or
    Windows-1252 (what Excel on Indonesian Windows saves); a binary file is refused with a message."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif _fully_decodes(stream, "utf-8"):
        encoding = "utf-8-sig"
    elif _fully_decodes(stream, "cp1252"):
        encoding = "cp1252"
    else:
        raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca (berkas biner?)."))
    text = head.decode(encoding, errors="ignore")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if control > max(8, len(text) // 100):
        raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca (berkas biner?)."))
    return encoding


def _iter_csv(stream: BinaryIO) -> Iterator[list]:
    encoding = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        sample = text.read(4096)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        text.seek(0)
        # the csv module's own limit (128 KiB) raises csv.Error mid-read; ours gives a line number
        csv.field_size_limit(1024 * 1024)
        lines = (line.replace("\x00", "") for line in text)  # a stray NUL byte is dropped, never stored
        reader = csv.reader(lines, delimiter=delimiter)
        line = 0
        while True:
            try:
                record = next(reader, None)
            except csv.Error as exc:
                raise ImportFileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
            except UnicodeDecodeError as exc:
                raise ImportFileError(_("Berkas bukan teks CSV yang dapat dibaca.")) from exc
            if record is None:
                return
            line += 1
            if any(len(cell) > MAX_CELL_CHARS for cell in record):
                raise ImportFileError(
                    _("Baris %(line)s: sel lebih dari %(max)s karakter; periksa berkasnya.")
                    % {"line": line, "max": MAX_CELL_CHARS}
                )
            yield record
    finally:
        if not stream.closed:
            text.detach()  # the caller owns the binary stream (a wrapper would close it when collected)


def _iter_xlsx(stream: BinaryIO) -> Iterator[list]:
    # Function-level: openpyxl is heavy and only XLSX uploads need it.
    from openpyxl import load_workbook

    try:
        # formulas are read as their text (never a cached result) and stored as text (safe_cell)
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several types for a corrupt or non-XLSX file
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in row):
                raise ImportFileError(
                    _("Baris %(line)s: sel lebih dari %(max)s karakter; periksa berkasnya.")
                    % {"line": line, "max": MAX_CELL_CHARS}
                )
            yield list(row)
    finally:
        workbook.close()


def _choice_map(choices) -> dict[str, str]:
    """Code or label (lower case) -> code, built once per file: the rows look values up in a dict."""
    mapping: dict[str, str] = {}
    for code, display in choices:
        mapping[str(display).lower()] = code
        mapping[code] = code
    return mapping


def _choice(value: str, mapping: dict[str, str], default: str, label, errors: list[str]) -> str:
    text = str(value or "").strip().lower()
    if not text:
        return default
    if text in mapping:
        return mapping[text]
    errors.append(_("%(label)s “%(value)s” tidak dikenal.") % {"label": label, "value": value})
    return default


def _parse_moment(value, now: dt.datetime, errors: list[str], cache: dict | None = None) -> dt.datetime:
    """The moment a lead was obtained; a file repeats few dates, so text values are parsed once."""
    if value in (None, ""):
        return now
    if cache is not None and isinstance(value, str):
        if len(cache) > 10_000:  # a file of distinct timestamps: keep memory flat
            cache.clear()
        if value not in cache:
            found: list[str] = []
            cache[value] = (_parse_moment(value, now, found), found)
        moment, found = cache[value]
        errors.extend(found)
        return moment
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
        self.tracks = _choice_map(Track.choices)
        self.temperatures = _choice_map(Temperature.choices)
        self.sources = _choice_map(LeadSource.choices)
        self.moments: dict = {}
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
        data["track"] = _choice(text.get("track"), self.tracks, Track.REGULAR, _lazy("Jalur"), errors)
        data["temperature"] = _choice(
            text.get("temperature"), self.temperatures, Temperature.WARM, _lazy("Suhu"), errors
        )
        data["source"] = _choice(text.get("source"), self.sources, LeadSource.IMPORT, _lazy("Sumber"), errors)
        data["source_detail"] = safe_cell(text.get("source_detail", ""))[:200]
        data["obtained_at"] = _parse_moment(raw.get("obtained_at"), self.now, errors, self.moments)
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
    """Read and validate every row of a small file held in memory, writing nothing."""
    return ImportReport(rows=list(iter_validated(io.BytesIO(content), filename, now=now)))


def iter_validated(stream: BinaryIO, filename: str, *, now: dt.datetime | None = None) -> Iterator[ImportRow]:
    """Stream the validated rows of a file (each bad row with its line number and reasons)."""
    validator = RowValidator(now or timezone.now())
    return (validator(line, raw) for line, raw in iter_rows(stream, filename))


def commit_import(report: ImportReport, *, by, filename: str = "") -> ImportReport:
    """Write a validated report's rows in one transaction (the in-memory form of
    `leads.import_jobs.import_file`); duplicates fill the blanks of the existing lead."""
    # Function-level: import_jobs builds on this module (reading and validation).
    from leads import import_jobs

    job = import_jobs.import_validated_rows(iter(report.rows), by=by, filename=filename)
    report.created, report.merged = job.created, job.merged
    return report


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
