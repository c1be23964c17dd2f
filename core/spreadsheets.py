"""The one way the product writes spreadsheet cells (CSV and XLSX), safe against formula injection.

OWASP "CSV Injection": a cell whose text starts with ``= + - @``, a TAB or a CR may be run as a
formula by Excel, LibreOffice or Google Sheets when the file is opened (``=HYPERLINK(...)`` leaking
the row to a stranger's server). Every such cell gets a leading apostrophe, which spreadsheet
programs show as plain text. E.164 phone numbers (``+62812...``) are left as they are: a plus
followed only by digits is a number, never a formula, and staff must be able to read and copy it.
In XLSX every string is written as a text cell, so a phone keeps its ``+`` and never becomes
``6.28E+11``.

Every CSV/XLSX writer in the product goes through ``csv_bytes`` / ``xlsx_bytes`` (or ``safe_row``
when it drives its own writer); importers pass text through ``safe_cell`` before it is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_E164 = re.compile(r"\+[1-9]\d{5,14}")


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet program could read `text` as a formula."""
    return text.startswith(FORMULA_PREFIXES) and not _E164.fullmatch(text)


def safe_cell(value):
    """`value` made harmless for a spreadsheet cell: formula-looking text gets a leading apostrophe;
    numbers, dates, booleans, None and E.164 phones pass unchanged; NUL bytes are dropped."""
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.datetime, dt.time)):
        return value
    text = str(value).replace("\x00", "")
    if is_dangerous(text):
        return "'" + text
    return text


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def csv_bytes(header: Sequence, rows: Iterable[Sequence], *, delimiter: str = ",") -> bytes:
    """A CSV file (UTF-8 with BOM so Excel reads Indonesian names right) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones; callers pass local times, an aware one is shown as its wall time.
        value = value.replace(tzinfo=None)
    return value


def append_xlsx_row(sheet, values: Iterable) -> None:
    """Append one neutralised row to a write-only openpyxl sheet; strings are text cells, never formulas."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        value = _xlsx_value(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise make any "=..." string a formula
            cells.append(cell)
        else:
            cells.append(value)
    sheet.append(cells)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook from (sheet title, header, rows) triples, every cell neutralised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        append_xlsx_row(sheet, header)
        for row in rows:
            append_xlsx_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
