"""The supervisor's oversight (ITB care center 9-10, issue 10 item 7): filters by agent, age and
category, ticket age in the list, and the logged CSV/XLSX download with formula cells neutralised."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from inquiries.models import Inquiry, TicketExport
from inquiries.services import workflow
from inquiries.ticket_export import safe_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(whatsapp_inquiry, admin_medsos, humas, categories):
    old = whatsapp_inquiry(name='=HYPERLINK("http://evil")', wa_id="6281200000001", mid="wamid.a")
    Inquiry.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=4))
    workflow.assign_inquiry(old, to=admin_medsos, by=admin_medsos)
    fresh = whatsapp_inquiry(name="Budi", wa_id="6281200000002", mid="wamid.b")
    workflow.assign_inquiry(fresh, to=humas, by=humas)
    workflow.triage_inquiry(fresh, level=1, category=categories["Jadwal PMB"], by=humas)
    return old, fresh


def _ids(response) -> set[int]:
    return {int(pk) for pk in response.context["page"].object_list.values_list("pk", flat=True)}


def test_filters_by_agent_age_and_category(client_for, supervisor, tickets, admin_medsos, categories):
    old, fresh = tickets
    client = client_for(supervisor)
    assert _ids(client.get("/inbox/", {"assignee": admin_medsos.pk})) == {old.pk}
    assert _ids(client.get("/inbox/", {"age": "gt3d"})) == {old.pk}
    assert _ids(client.get("/inbox/", {"age": "lt1d"})) == {fresh.pk}
    assert _ids(client.get("/inbox/", {"category": categories["Jadwal PMB"].pk})) == {fresh.pk}
    page = client.get("/inbox/").content.decode()
    assert page.count('data-testid="ticket-age"') == 2 and "4 h 0 j" in page


def test_csv_download_is_filtered_neutralised_and_logged(client_for, supervisor, tickets, admin_medsos):
    old, _fresh = tickets
    response = client_for(supervisor).get("/inbox/export/", {"assignee": admin_medsos.pk, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == str(old.pk)
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    log = TicketExport.objects.get()
    assert (log.user, log.file_format, log.row_count, log.filters["assignee"]) == (
        supervisor,
        "csv",
        1,
        str(admin_medsos.pk),
    )


def test_xlsx_download_has_text_cells_only_for_strings(client_for, supervisor, tickets):
    response = client_for(supervisor).get("/inbox/export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[3].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil")' in names and "Budi" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_download_needs_the_export_permission(client_for, admin_medsos, unit_user):
    assert client_for(admin_medsos).get("/inbox/export/").status_code == 403
    assert client_for(unit_user).get("/inbox/export/").status_code == 403
    assert not TicketExport.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2", "'-2"),
        ("+6281234567890", "+6281234567890"),
        (5, 5),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
