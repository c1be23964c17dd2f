"""Done means: the scheduled report email, run by a real Celery worker from its beat row, arrives
at a real local SMTP server with its XLSX, and the figures read out of the workbook are right."""

from __future__ import annotations

import io
import json
from datetime import datetime, time, timedelta

import pytest
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from leads.models import LeadSource, LeadStatus
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from pmb_crm.celery import app as celery_app
from reports import services
from tests.outbox.conftest import celery_worker, smtp_server, wait_for  # noqa: F401 - fixtures
from tests.reports.test_reports import make_inquiry, make_lead

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_weekly_beat_entry_mails_last_week_with_its_xlsx_through_a_real_worker(
    smtp_server,  # noqa: F811 - must come before celery_worker: the worker gets its address
    celery_worker,  # noqa: F811
    kadiv,
    supervisor,
):
    # The worker runs on the real clock: put the data in the week before today.
    week = services.report_period("weekly", None)
    monday = datetime.combine(week.first_day, time(9), week.tz)
    a = make_lead("Putri Ayu", "+6281300000201", created=monday, status=LeadStatus.REGISTERED)
    b = make_lead("Budi Santoso", "+6281300000202", created=monday + timedelta(days=1))
    make_lead(
        "Siti Aminah", "+6281300000203", created=monday + timedelta(days=2), source=LeadSource.SCHOOL_VISIT
    )
    make_inquiry(a, "whatsapp", monday)
    make_inquiry(b, "instagram", monday + timedelta(days=1))

    entry = PeriodicTask.objects.get(name="Laporan mingguan")
    celery_app.send_task(entry.task, kwargs=json.loads(entry.kwargs))  # what beat does

    wait_for(
        lambda: len(smtp_server.messages) == 2, timeout=40, message="two report emails at the SMTP server"
    )
    assert sorted(m.envelope_to[0] for m in smtp_server.messages) == sorted([kadiv.email, supervisor.email])
    wait_for(
        lambda: (
            set(OutboundMessage.objects.filter(purpose=Purpose.REPORT).values_list("status", flat=True))
            == {OutboundStatus.SENT}
        ),
        message="report rows marked sent",
    )
    mail = smtp_server.messages[0]
    assert mail["Subject"] == f"Laporan mingguan PMB {week.label}"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == f"laporan-mingguan-{week.label}.xlsx"
    assert attachment.get_content_type() == XLSX
    workbook = load_workbook(io.BytesIO(attachment.get_content()))
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Periode"] == week.label
    assert summary["Kohort: prospek masuk"] == 3
    assert summary["Kohort: mendaftar"] == 1
    assert summary["Kohort: konversi (%)"] == pytest.approx(33.3)
    assert summary["Aktivitas: mendaftar dalam periode"] == 1
    channels = {
        row[0]: row[1:] for row in workbook["Kohort per kanal"].iter_rows(min_row=2, values_only=True)
    }
    assert channels["WhatsApp"][:3] == (1, 1, 1)
    assert channels["Instagram"][:3] == (1, 0, 0)
    assert channels["langsung / tanpa pertanyaan"][:3] == (1, 0, 0)
    sources = {row[0]: row[1] for row in workbook["Kohort per sumber"].iter_rows(min_row=2, values_only=True)}
    assert (sources["Media sosial"], sources["Kunjungan sekolah"]) == (2, 1)
