"""Report emails: the beat rows, working days only for the daily report, recipients, the HTML body
with the change against the previous period, and the XLSX attached — received at a real SMTP server."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from core.models import OfficeClosure
from leads.models import LeadSource, LeadStatus
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from pmb_crm.celery import app as celery_app
from reports.models import ReportAttachment, ReportRecipient
from tests.outbox.conftest import smtp_server  # noqa: F401 - the local SMTP server fixture
from tests.reports.test_reports import make_inquiry, make_lead

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=JKT)


@pytest.fixture
def clock(monkeypatch):
    """Set the wall clock every service reads through django.utils.timezone.now."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_now


def run_beat_entry(name: str) -> None:
    """Run a beat row exactly as celery beat would: its task name with its stored kwargs."""
    entry = PeriodicTask.objects.get(name=name)
    celery_app.loader.import_default_modules()  # the worker's task autodiscovery
    celery_app.tasks[entry.task].apply_async(kwargs=json.loads(entry.kwargs))


def test_beat_rows_send_daily_after_close_weekly_monday_monthly_first():
    daily = PeriodicTask.objects.get(name="Laporan harian")
    assert (daily.crontab.minute, daily.crontab.hour, daily.crontab.day_of_week) == ("30", "16", "*")
    assert str(daily.crontab.timezone) == "Asia/Jakarta"
    assert json.loads(daily.kwargs) == {"kind": "daily"}
    weekly = PeriodicTask.objects.get(name="Laporan mingguan")
    assert (weekly.crontab.minute, weekly.crontab.hour, weekly.crontab.day_of_week) == ("0", "7", "1")
    monthly = PeriodicTask.objects.get(name="Laporan bulanan")
    assert (monthly.crontab.hour, monthly.crontab.day_of_month) == ("7", "1")
    assert {daily.task, weekly.task, monthly.task} == {"reports.tasks.send_report"}


def test_scheduled_daily_report_goes_to_kadiv_supervisor_and_admin_addresses(
    kadiv, supervisor, admin_medsos, november, clock, django_capture_on_commit_callbacks
):
    ReportRecipient.objects.create(email="rektor@pmb.example.ac.id", gets_daily=True)
    ReportRecipient.objects.create(email="humas@pmb.example.ac.id", gets_daily=False)
    ReportRecipient.objects.create(email=kadiv.email.upper(), gets_daily=True)  # not twice
    clock(wib(2026, 11, 16, 16, 30))  # Monday, after the office closed
    run_beat_entry("Laporan harian")
    run_beat_entry("Laporan harian")  # beat fired twice: still one email per recipient
    reports = OutboundMessage.objects.filter(purpose=Purpose.REPORT)
    assert sorted(reports.values_list("recipient", flat=True)) == sorted(
        [kadiv.email, supervisor.email, "rektor@pmb.example.ac.id"]
    )
    assert {m.subject for m in reports} == {"Laporan harian PMB 2026-11-16"}
    assert ReportAttachment.objects.filter(outbound_message_id__in=reports.values("pk")).count() == 3


@pytest.mark.parametrize(
    "moment",
    [
        wib(2026, 11, 21, 16, 30),  # Saturday
        wib(2026, 11, 22, 16, 30),  # Sunday
        wib(2026, 12, 25, 16, 30),  # Christmas, a Friday public holiday
    ],
)
def test_no_daily_report_on_a_day_the_office_is_closed(kadiv, clock, moment):
    clock(moment)
    run_beat_entry("Laporan harian")
    assert not OutboundMessage.objects.filter(purpose=Purpose.REPORT).exists()


def test_no_daily_report_on_an_office_closure_day(kadiv, clock):
    from core.calendar import clear_calendar_cache

    OfficeClosure.objects.create(
        name="Rapat kerja", starts_on=wib(2026, 11, 18).date(), ends_on=wib(2026, 11, 18).date()
    )
    clear_calendar_cache()
    clock(wib(2026, 11, 18, 16, 30))
    run_beat_entry("Laporan harian")
    assert not OutboundMessage.objects.filter(purpose=Purpose.REPORT).exists()


def test_weekly_and_monthly_cover_the_period_before(kadiv, clock):
    clock(wib(2026, 11, 23, 7, 0))  # Monday of 2026-W48
    run_beat_entry("Laporan mingguan")
    clock(wib(2026, 12, 1, 7, 0))
    run_beat_entry("Laporan bulanan")
    subjects = sorted(
        OutboundMessage.objects.filter(purpose=Purpose.REPORT).values_list("subject", flat=True)
    )
    assert subjects == ["Laporan bulanan PMB 2026-11", "Laporan mingguan PMB 2026-W47"]


def test_html_body_shows_key_figures_and_change_against_previous_period(kadiv, november):
    # One more inquiry on Sunday 15 Nov, the day before: 1 then, 2 on the 16th -> +1.
    extra = make_lead("Dewi Lestari", "081234500009", created=wib(2026, 11, 15, 20))
    make_inquiry(extra, "facebook", wib(2026, 11, 15, 20))
    call_command("send_report", "daily", "--date", "2026-11-16")
    message = OutboundMessage.objects.get(purpose=Purpose.REPORT)
    html = message.html_body
    assert '<html lang="id">' in html
    assert "dibanding 2026-11-15" in html
    assert '<th scope="row">Pertanyaan masuk</th><td>2</td><td>1</td><td>+1</td>' in html
    assert "Pertanyaan masuk: 2 (+1)" in message.body
    assert "status di akhir hari" in message.body


def test_weekly_email_states_cohort_and_activity(kadiv, november):
    # A lead from October registers during W47: activity counts it, the W47 cohort does not.
    old = make_lead("Rudi Hartono", "081234500010", created=wib(2026, 10, 5, 9), source=LeadSource.EXHIBITION)
    from leads.models import LeadStatusChange

    LeadStatusChange.objects.create(
        lead=old,
        from_status=LeadStatus.NEW,
        to_status=LeadStatus.REGISTERED,
        changed_at=wib(2026, 11, 18, 10),
    )
    call_command("send_report", "weekly", "--date", "2026-11-18")
    body = OutboundMessage.objects.get(purpose=Purpose.REPORT).body
    assert "Kohort:" in body and "Aktivitas:" in body
    assert "Aktivitas: mendaftar dalam periode: 2 (+2)" in body
    assert "Kohort: mendaftar: 1 (+1)" in body
    assert "Pameran: 1 / 0" in body


def test_scheduled_email_arrives_over_smtp_with_the_xlsx_and_its_figures(
    smtp_server,  # noqa: F811
    kadiv,
    supervisor,
    november,
    clock,
    django_capture_on_commit_callbacks,
):
    clock(wib(2026, 11, 23, 7, 0))  # Monday 07:00: last week's report (2026-W47)
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_entry("Laporan mingguan")
    assert sorted(m.envelope_to[0] for m in smtp_server.messages) == sorted([kadiv.email, supervisor.email])
    assert set(OutboundMessage.objects.filter(purpose=Purpose.REPORT).values_list("status", flat=True)) == {
        OutboundStatus.SENT
    }
    mail = smtp_server.messages[0]
    assert mail["Subject"] == "Laporan mingguan PMB 2026-W47"
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Kohort: prospek masuk" in html
    attachments = list(mail.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["laporan-mingguan-2026-W47.xlsx"]
    assert attachments[0].get_content_type() == XLSX
    workbook = load_workbook(io.BytesIO(attachments[0].get_content()))
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Periode"] == "2026-W47"
    assert summary["Kohort: prospek masuk"] == 3
    assert summary["Kohort: berminat"] == 2
    assert summary["Kohort: mendaftar"] == 1
    assert summary["Kohort: konversi (%)"] == pytest.approx(33.3)
    channels = {
        row[0]: row[1:] for row in workbook["Kohort per kanal"].iter_rows(min_row=2, values_only=True)
    }
    assert channels["WhatsApp"] == (2, 1, 1, 0, 50.0)
    assert channels["Instagram"] == (1, 1, 0, 0, 0.0)
    assert channels["langsung / tanpa pertanyaan"] == (0, 0, 0, 0, 0.0)


def test_send_report_on_demand_says_what_it_did(kadiv, supervisor, capsys):
    call_command("send_report", "daily", "--date", "2026-12-25")
    out = capsys.readouterr().out
    assert "daily report 2026-12-25: 2 email(s) queued (XLSX attached)" in out
    assert "not a working day" in out
    call_command("send_report", "daily", "--date", "2026-12-25")
    assert "2026-12-25: 0 email(s) queued" in capsys.readouterr().out
    message = OutboundMessage.objects.filter(purpose=Purpose.REPORT).first()
    attachment = ReportAttachment.objects.get(outbound_message_id=message.pk)
    assert attachment.filename == "laporan-harian-2026-12-25.xlsx"
    assert attachment.content_type == XLSX
    sheets = load_workbook(io.BytesIO(attachment.content)).sheetnames
    assert sheets[0] == "Ringkasan"
