"""Reports as files: ?format=xlsx|csv on the three report endpoints (DRF renderers)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from inquiries.models import Category
from reports import export
from tests.reports.test_reports import make_inquiry, make_lead, wib

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def api(kadiv):
    client = APIClient()
    client.force_authenticate(kadiv)
    return client


def _workbook(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


@pytest.mark.parametrize(
    "url,params,name",
    [
        ("/api/v1/reports/daily/", {"date": "2026-11-16"}, "laporan-harian-2026-11-16"),
        ("/api/v1/reports/weekly/", {"week": "2026-W47"}, "laporan-mingguan-2026-W47"),
        ("/api/v1/reports/monthly/", {"month": "2026-11"}, "laporan-bulanan-2026-11"),
    ],
)
def test_every_report_downloads_as_xlsx_and_csv(api, november, url, params, name):
    response = api.get(url, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{name}.xlsx"'
    sheets = _workbook(response.content)
    assert "Ringkasan" in sheets
    response = api.get(url, {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Ringkasan"]


def test_xlsx_and_csv_carry_the_json_figures(api, november):
    body = api.get("/api/v1/reports/daily/", {"date": "2026-11-16"}).json()
    sheets = _workbook(api.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "xlsx"}).content)
    summary = dict(sheets["Ringkasan"][1:])
    assert summary["Pertanyaan masuk"] == body["inquiries_total"] == 2
    assert summary["Respons pertama dalam 2 jam kerja (%)"] == body["first_response_within_sla_pct"]
    channels = dict(sheets["Per kanal"][1:])
    assert channels["WhatsApp"] == body["by_channel"]["whatsapp"] == 1
    text = api.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "Pertanyaan masuk,2" in text


def test_formula_cells_are_neutralised(api, kadiv):
    category = Category.objects.create(name='=HYPERLINK("http://evil.example","klik")', level=1)
    lead = make_lead("Rina", "081234599001", created=wib(2026, 11, 16, 9))
    make_inquiry(lead, "whatsapp", wib(2026, 11, 16, 9, 30), level=1, category=category)
    content = api.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "xlsx"}).content
    workbook = load_workbook(io.BytesIO(content))
    cell = workbook["Per kategori"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://evil.example","klik")'
    text = api.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


@pytest.mark.parametrize("value", ["=1+1", "+62812", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_prefixes_formula_starters(value):
    assert export.safe_cell(value) == "'" + value


def test_safe_cell_keeps_numbers_and_plain_text():
    assert export.safe_cell(-5) == -5
    assert export.safe_cell(12.5) == 12.5
    assert export.safe_cell(None) is None
    assert export.safe_cell("WhatsApp") == "WhatsApp"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_bad_period_is_a_json_400_even_when_a_file_was_asked(api, fmt):
    response = api.get("/api/v1/reports/weekly/", {"week": "2026-47", "format": fmt})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "must be YYYY-Www" in response.json()["detail"]
    assert "Content-Disposition" not in response


def test_file_download_still_needs_the_permission(telemarketer):
    client = APIClient()
    client.force_authenticate(telemarketer)
    response = client.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "xlsx"})
    assert response.status_code == 403
    assert "Content-Disposition" not in response


def test_admin_media_sosial_gets_the_daily_report_but_not_costs(admin_medsos):
    client = APIClient()
    client.force_authenticate(admin_medsos)
    assert client.get("/api/v1/reports/daily/", {"date": "2026-11-16"}).status_code == 200
    assert client.get("/api/v1/reports/daily/", {"date": "2026-11-16", "format": "xlsx"}).status_code == 200
    assert client.get("/api/v1/reports/weekly/", {"week": "2026-W47"}).status_code == 403
    assert client.get("/api/v1/reports/monthly/", {"month": "2026-11"}).status_code == 403


@pytest.mark.parametrize(
    "params,link",
    [
        ({"date": "2026-11-16"}, "/api/v1/reports/daily/?date=2026-11-16&amp;format=xlsx"),
        ({"week": "2026-W47"}, "/api/v1/reports/weekly/?week=2026-W47&amp;format=xlsx"),
        ({"month": "2026-11"}, "/api/v1/reports/monthly/?month=2026-11&amp;format=csv"),
    ],
)
def test_dashboard_offers_the_chosen_period_as_files(client_for, kadiv, params, link):
    page = client_for(kadiv).get("/reports/", params).content.decode()
    assert 'data-testid="report-downloads"' in page
    assert link in page


def test_daily_only_dashboard_offers_the_daily_file_and_detail_page(client_for, admin_medsos):
    page = client_for(admin_medsos).get("/reports/", {"date": "2026-11-16"}).content.decode()
    assert "/api/v1/reports/daily/?date=2026-11-16&amp;format=xlsx" in page
    assert "/reports/daily/?date=2026-11-16" in page
    assert "/api/v1/reports/weekly/" not in page
