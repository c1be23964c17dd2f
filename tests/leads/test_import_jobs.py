"""Streaming import (issue 13 item 2) and import jobs (issue 14 item 4): batches de-duplicate across
their boundaries with a constant number of queries per batch, the file is all-or-nothing, each new
lead gets exactly one welcome, big files run as tasks with progress, uploads are deleted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads import import_jobs, import_writer, importing, policies
from leads.models import (
    ConsentRecord,
    ImportJob,
    ImportRejectedRow,
    ImportStatus,
    Institution,
    Lead,
    LeadContact,
    LeadStatusChange,
)
from leads.tasks import send_import_welcomes
from outbox.models import OutboundMessage, Purpose
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=importing.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _rows(count: int, *, start: int = 0) -> list[dict]:
    """`count` rows: every 10th repeats the phone of the row before, every 25th has no contact."""
    rows = []
    for i in range(start, start + count):
        row = {"full_name": f"Calon {i}", "institution": f"SMA {i % 7}", "city": "Batam", "consent": "ya"}
        if i % 25 == 24:
            pass  # rejected: no contact
        elif i % 10 == 9:
            row.update(phone=f"0877{i - 1:08d}", email=f"kedua.{i}@contoh.sch.id")
        else:
            row.update(phone=f"0877{i:08d}", email=f"calon.{i}@contoh.sch.id")
        rows.append(row)
    return rows


def _upload(client, content: bytes, name: str = "daftar.csv"):
    return client.post(
        reverse("leads:import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        follow=True,
    )


def test_batches_merge_duplicates_across_their_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(import_jobs, "BATCH_SIZE", 4)
    existing = LeadFactory(full_name="Lama", phone="+6287700000005", email="", institution=None)
    rows = _rows(12)
    rows.append({"full_name": "Sama dengan baris 2", "whatsapp": "0877-0000-0000"})  # 3 batches later
    path = tmp_path / "daftar.csv"
    path.write_bytes(_csv(rows))
    job = import_jobs.import_file(path, by=None)
    # 12 rows: line of i=9 repeats i=8's phone; i=5 belongs to the existing lead; the last row repeats i=0
    assert (job.created, job.merged, job.rejected, job.processed) == (10, 3, 0, 13)
    assert Lead.objects.count() == 11 and LeadStatusChange.objects.filter(lead__import_job=job).count() == 10
    assert ConsentRecord.objects.filter(source="import").count() == 10
    first = Lead.objects.get(phone="+6287700000000")
    assert (
        first.whatsapp == "+6287700000000" and first.import_job == job
    )  # a blank filled with its own number
    existing.refresh_from_db()
    # the duplicate row filled the blanks of the lead staff entered, never overwriting its name
    assert existing.full_name == "Lama" and existing.email == "calon.5@contoh.sch.id"
    assert existing.institution.name == "SMA 5"
    assert LeadContact.objects.filter(lead=existing, value="calon.5@contoh.sch.id").exists()
    assert Institution.objects.filter(name__startswith="SMA ").count() == 7


def test_queries_per_batch_stay_constant_whatever_the_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(import_jobs, "BATCH_SIZE", 25)
    LeadFactory(phone="+6287700000003")  # some rows merge

    def queries_for(rows: list[dict], name: str) -> int:
        path = tmp_path / name
        path.write_bytes(_csv(rows))
        with CaptureQueriesContext(connection) as captured:
            import_jobs.import_file(path, by=None)
        return len(captured.captured_queries)

    two_batches = queries_for(_rows(50), "a.csv")
    four_batches = queries_for(_rows(100, start=1000), "b.csv")
    per_batch = (four_batches - two_batches) / 2
    # per batch: existing contacts (1), merged leads (1), institutions (0-2), leads, contacts,
    # status changes, consents, rejected rows, filled blanks (1 each) and savepoints
    assert per_batch <= 14, (two_batches, four_batches)
    assert four_batches < 2 * two_batches


def test_a_failure_in_a_later_batch_leaves_nothing_and_deletes_the_upload(
    client_for, admin_marketing, monkeypatch
):
    monkeypatch.setattr(import_jobs, "BATCH_SIZE", 5)
    client = client_for(admin_marketing)
    job = _upload(client, _csv(_rows(20))).context["job"]
    stored = Path(job.stored_path)
    assert stored.exists() and job.status == ImportStatus.PREVIEWED
    assert job.rejected == 0 and (job.created, job.merged) == (18, 2)
    original = import_writer.ImportWriter.write
    calls = []

    def failing(self, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(self, rows)

    monkeypatch.setattr(import_writer.ImportWriter, "write", failing)
    page = client.post(reverse("leads:import_confirm", args=[job.pk]), follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "tidak ada data yang disimpan" in job.error
    assert 'data-testid="import-failed"' in page
    assert not Lead.objects.exists() and not LeadContact.objects.exists()
    assert not stored.exists() and job.stored_path == ""


def test_every_new_lead_gets_exactly_one_welcome(tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(policies, "WELCOME_CHUNK", 3)
    monkeypatch.setattr(import_jobs, "BATCH_SIZE", 4)
    existing = LeadFactory(phone="+6287700000001", email="lama@contoh.sch.id")
    welcomed_before = OutboundMessage.objects.filter(purpose=Purpose.WELCOME, lead=existing).count()
    path = tmp_path / "daftar.csv"
    path.write_bytes(_csv(_rows(12)))
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_file(path, by=None)
    assert job.created == 10
    welcomes = OutboundMessage.objects.filter(purpose=Purpose.WELCOME).exclude(lead=existing)
    new_leads = Lead.objects.filter(import_job=job)
    assert sorted(welcomes.values_list("lead_id", flat=True)) == sorted(
        new_leads.values_list("pk", flat=True)
    )
    # a merged row welcomes nobody
    assert OutboundMessage.objects.filter(purpose=Purpose.WELCOME, lead=existing).count() == welcomed_before
    send_import_welcomes.delay(job.pk)  # a duplicate dispatcher changes nothing
    assert welcomes.count() == 10


def test_big_file_previews_and_imports_in_tasks_and_the_result_page_stays(
    client_for, admin_marketing, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 10
    client = client_for(admin_marketing)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _csv(_rows(30)))
    job = ImportJob.objects.get()
    assert job.is_async and job.total == 30 and job.status == ImportStatus.PREVIEWED
    assert response.redirect_chain[-1][0] == reverse("leads:import_job", args=[job.pk])
    assert (job.created, job.merged, job.rejected) == (26, 3, 1)
    progress = client.get(reverse("leads:import_progress", args=[job.pk]))
    assert progress["HX-Refresh"] == "true"  # the phase has ended: the page reloads into the preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("leads:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and (job.created, job.merged, job.rejected) == (26, 3, 1)
    assert Lead.objects.count() == 26 and job.preview == []
    page = client.get(reverse("leads:import_job", args=[job.pk])).content.decode()
    assert "26 baru, 3 digabung ke data yang sudah ada, 1 ditolak." in page and "Calon 24" in page
    assert not list((Path(settings.MEDIA_ROOT) / "imports").iterdir())  # personal data deleted
    # confirming twice imports nothing twice
    client.post(reverse("leads:import_confirm", args=[job.pk]))
    assert Lead.objects.count() == 26


def test_progress_while_running_comes_from_the_progress_file(client_for, admin_marketing, tmp_path):
    stored = tmp_path / "upload.csv"
    stored.write_bytes(b"x")
    job = ImportJob.objects.create(
        filename="besar.csv",
        stored_path=str(stored),
        status=ImportStatus.RUNNING,
        total=10_000,
        is_async=True,
    )
    Path(f"{stored}.progress.json").write_text(
        json.dumps({"processed": 4000, "created": 3900, "merged": 60, "rejected": 40})
    )
    client = client_for(admin_marketing)
    response = client.get(reverse("leads:import_progress", args=[job.pk]))
    body = response.content.decode()
    assert "HX-Refresh" not in response
    assert 'value="4000"' in body and 'max="10000"' in body and "3900 baru, 60 digabung, 40 ditolak" in body
    assert "4000 dari 10000 baris" in body


def test_cancel_deletes_the_upload_and_the_rejected_rows(client_for, admin_marketing):
    client = client_for(admin_marketing)
    job = _upload(client, _csv(_rows(30))).context["job"]
    stored = Path(job.stored_path)
    assert ImportRejectedRow.objects.filter(job=job).count() == 1
    client.post(reverse("leads:import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not stored.exists()
    assert not ImportRejectedRow.objects.filter(job=job).exists() and job.preview == []


def test_an_unreadable_upload_is_refused_on_the_form_and_not_kept(client_for, admin_marketing, settings):
    client = client_for(admin_marketing)
    response = _upload(client, b"nama,telepon\nA,0812\n")
    assert "Kolom wajib tidak ada" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not list((Path(settings.MEDIA_ROOT) / "imports").iterdir())


def test_stale_previews_and_old_rejected_rows_are_purged(client_for, admin_marketing, settings):
    from datetime import timedelta

    from django.utils import timezone

    client = client_for(admin_marketing)
    job = _upload(client, _csv(_rows(30))).context["job"]
    stored = Path(job.stored_path)
    import_jobs.purge_stale_imports(now=timezone.now() + timedelta(days=2))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not stored.exists()
    done = import_jobs.import_validated_rows(
        iter(importing.validate_file(_csv(_rows(30, start=500)), "x.csv").rows), by=None, filename="x.csv"
    )
    assert ImportRejectedRow.objects.filter(job=done).exists()
    later = timezone.now() + timedelta(days=settings.IMPORT_REJECTED_RETENTION_DAYS + 1)
    import_jobs.purge_stale_imports(now=later)
    assert not ImportRejectedRow.objects.exists()


def test_xlsx_streams_in_read_only_mode(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importing.COLUMNS)
    for row in _rows(30):
        sheet.append([row.get(name, "") for name in importing.COLUMNS])
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    job = import_jobs.import_file(path, by=None)
    assert (job.created, job.merged, job.rejected) == (26, 3, 1)
    assert ImportRejectedRow.objects.get(job=job).line == 26


def test_a_preview_that_fails_deletes_the_upload(client_for, admin_marketing, monkeypatch):
    def broken(rows, *, on_batch):
        raise RuntimeError("worker lost its disk")

    monkeypatch.setattr(import_jobs, "plan_rows", broken)
    client = client_for(admin_marketing)
    response = _upload(client, _csv(_rows(5)))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.stored_path == ""
    assert 'data-testid="import-failed"' in response.content.decode()
    assert not list(Path(import_jobs.import_dir()).iterdir())
