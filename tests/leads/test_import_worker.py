"""Done means (issue 14 item 4): a file over IMPORT_SYNC_MAX_ROWS is previewed and imported by a
real Celery worker, the result page shows the counts afterwards, the upload is deleted, and every
new lead is welcomed once by the worker's chunked dispatcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads.models import ImportJob, ImportStatus, Lead
from outbox.models import OutboundMessage, Purpose
from tests.leads.test_import_jobs import _csv, _rows
from tests.outbox.conftest import celery_worker, wait_for  # noqa: F401 - fixtures

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def _status(job: ImportJob) -> str:
    job.refresh_from_db()
    return job.status


def test_a_big_import_runs_in_the_worker_and_the_result_page_shows_the_counts(
    celery_worker,  # noqa: F811
    client_for,
    admin_marketing,
    settings,
):
    settings.IMPORT_SYNC_MAX_ROWS = 20
    client = client_for(admin_marketing)
    upload = SimpleUploadedFile("pameran-besar.csv", _csv(_rows(60)), content_type="text/csv")
    response = client.post(reverse("leads:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("leads:import_job", args=[job.pk]) and job.is_async
    assert job.status == ImportStatus.PREVIEWING  # the request only stored the file and queued the task
    wait_for(lambda: _status(job) == ImportStatus.PREVIEWED, timeout=40, message="the worker's preview")
    assert (job.total, job.created, job.merged, job.rejected) == (60, 53, 5, 2)
    assert not Lead.objects.exists()  # a preview writes no lead
    client.post(reverse("leads:import_confirm", args=[job.pk]))
    wait_for(lambda: _status(job) == ImportStatus.DONE, timeout=40, message="the worker's import")
    assert Lead.objects.filter(import_job=job).count() == 53
    page = client.get(reverse("leads:import_job", args=[job.pk])).content.decode()
    assert "53 baru, 5 digabung ke data yang sudah ada, 2 ditolak." in page
    # The worker deletes the upload right after the import's transaction commits (status DONE first).
    wait_for(
        lambda: ImportJob.objects.filter(pk=job.pk, stored_path="").exists(),
        timeout=10,
        message="upload deleted",
    )
    assert not list((Path(settings.MEDIA_ROOT) / "imports").iterdir())
    welcomes = OutboundMessage.objects.filter(purpose=Purpose.WELCOME, lead__import_job=job)
    wait_for(lambda: welcomes.count() == 53, timeout=40, message="one welcome per new lead")
    assert welcomes.values("lead").distinct().count() == 53
