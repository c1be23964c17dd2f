"""Import jobs (issues 13 and 14): store the upload where a worker can read it, preview it, import it
in one transaction (in the request for small files, in a Celery task with a progress bar for big
ones), keep the rejected rows for the CSV download, delete the uploaded file afterwards.

Progress of a run is written to a small JSON file next to the upload, not to the job row: the row's
counters are updated inside the import's transaction, which no other connection sees until the end
(and SQLite would block a second writer). The preview writes no transaction, so it updates the row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditLog
from core.spreadsheets import safe_cell
from core.type_aliases import Actor
from leads.import_models import ImportJob, ImportRejectedRow, ImportStatus
from leads.import_writer import BATCH_SIZE, ImportWriter, PlannedRow, batches, plan_rows, rejected_row
from leads.importing import (
    COLUMNS,
    IMPORT_CONSENT_WORDING,
    ImportFileError,
    ImportRow,
    iter_rows,
    iter_validated,
)
from leads.tasks import preview_import, run_import, send_import_welcomes

logger = logging.getLogger(__name__)
RejectedSink = Callable[[list[ImportRow]], None]
PREVIEW_FIRST_ROWS = 20
PREVIEW_ROWS = 100
STALE_AFTER = timedelta(days=1)


def import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(job: ImportJob) -> Path | None:
    return Path(f"{job.stored_path}.progress.json") if job.stored_path else None


def count_rows(stream: BinaryIO, filename: str) -> int:
    """The data rows of a file (streamed); raises ImportFileError for an unreadable file."""
    count = sum(1 for _row in iter_rows(stream, filename))
    if not count:
        raise ImportFileError(_("Berkas tidak berisi baris data."))
    return count


def start_import(upload: UploadedFile, *, by: Actor) -> ImportJob:
    """Store the upload under MEDIA_ROOT/imports and preview it: at once for a small file, in a
    task for one over `IMPORT_SYNC_MAX_ROWS` rows. Raises ImportFileError (nothing kept)."""
    purge_stale_imports()
    path = import_dir() / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        with path.open("rb") as stream:
            total = count_rows(stream, upload.name or "")
    except ImportFileError:
        path.unlink(missing_ok=True)
        raise
    job = ImportJob.objects.create(
        filename=(upload.name or "")[:255],
        stored_path=str(path),
        uploaded_by=by,
        total=total,
        is_async=total > settings.IMPORT_SYNC_MAX_ROWS,
    )
    if job.is_async:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING)
        job.status = ImportStatus.PREVIEWING
        transaction.on_commit(lambda: preview_import.delay(job.pk))
    else:
        preview_job(job)
    return job


def _preview_cell(planned: PlannedRow) -> dict[str, Any]:
    row = planned.row
    return {
        "line": row.line,
        "outcome": planned.outcome,
        "name": row.data.get("full_name") or row.raw.get("full_name", ""),
        "phone": row.data.get("phone", ""),
        "whatsapp": row.data.get("whatsapp", ""),
        "email": row.data.get("email", ""),
        "into_id": planned.into_id,
        "into_name": planned.into_name,
        "into_line": planned.into_line,
        "reason": " ".join(row.errors),
    }


def preview_job(job: ImportJob) -> ImportJob:
    """Plan every row (created / merged into which lead / rejected) without writing a lead; keep the
    first rows for the page and every rejected row for the CSV."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING, processed=0)
    job.refresh_from_db()
    ImportRejectedRow.objects.filter(job=job).delete()
    counts = {"created": 0, "merged": 0, "rejected": 0, "processed": 0}
    preview: list[dict[str, Any]] = []

    def on_batch(planned: list[PlannedRow]) -> None:
        for item in planned:
            counts[item.outcome] += 1
            # the first rows as they come, then only the rows that need a look (merged, rejected)
            if len(preview) < PREVIEW_FIRST_ROWS or (
                item.outcome != "created" and len(preview) < PREVIEW_ROWS
            ):
                preview.append(_preview_cell(item))
        counts["processed"] += len(planned)
        ImportRejectedRow.objects.bulk_create(
            [rejected_row(job, item.row) for item in planned if item.outcome == "rejected"]
        )
        ImportJob.objects.filter(pk=job.pk).update(**counts)

    try:
        with Path(job.stored_path).open("rb") as stream:
            plan_rows(iter_validated(stream, job.filename), on_batch=on_batch)
    except Exception as exc:
        _fail(job, exc)
        ImportRejectedRow.objects.filter(job=job).delete()
        _delete_file(job)
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWED, preview=preview, **counts)
    job.refresh_from_db()
    return job


def confirm_import(job: ImportJob, *, by: Actor) -> bool:
    """The uploader confirmed the preview: run now (small file) or queue the task (big file)."""
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED
    ):
        return False
    job.refresh_from_db()
    if job.is_async:
        transaction.on_commit(lambda: run_import.delay(job.pk))
    else:
        run_job(job)
    return True


def cancel_import(job: ImportJob, *, by: Actor) -> bool:
    """Drop a previewed upload: the file and the rejected rows (personal data) are deleted."""
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.CANCELLED, preview=[], finished_at=timezone.now()
    ):
        return False
    job.refresh_from_db()
    ImportRejectedRow.objects.filter(job=job).delete()
    _delete_file(job)
    return True


def run_job(job: ImportJob, *, task_id: str = "") -> ImportJob:
    """Import a confirmed job's file in one transaction; the file is deleted whatever happens."""
    claim = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED)
    if task_id:  # a redelivery of the same task (its worker was lost) takes its own claim back
        claim = claim | ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.RUNNING, claim_task_id=task_id
        )
    if not claim.update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), claim_task_id=task_id, processed=0
    ):
        return job
    job.refresh_from_db()
    progress = _progress_path(job)
    try:
        with Path(job.stored_path).open("rb") as stream:
            _import(job, iter_validated(stream, job.filename), by=job.uploaded_by, progress=progress)
    except Exception as exc:
        _fail(job, exc)
    finally:
        _delete_file(job)
    job.refresh_from_db()
    return job


def import_file(path: Path, *, by: Actor, on_rejected: RejectedSink | None = None) -> ImportJob:
    """`manage.py import_leads FILE`: the same streaming import, the caller's file left in place."""
    job = ImportJob.objects.create(filename=path.name[:255], uploaded_by=by, status=ImportStatus.RUNNING)
    try:
        with path.open("rb") as stream:
            _import(job, iter_validated(stream, path.name), by=by, on_rejected=on_rejected)
    except Exception as exc:
        _fail(job, exc)
        raise
    return job


def import_validated_rows(rows: Iterator[ImportRow], *, by: Actor, filename: str) -> ImportJob:
    """Import rows already validated (the in-memory `importing.commit_import`)."""
    job = ImportJob.objects.create(filename=filename[:255], uploaded_by=by, status=ImportStatus.RUNNING)
    try:
        _import(job, rows, by=by)
    except Exception as exc:
        _fail(job, exc)
        raise
    return job


def _import(
    job: ImportJob,
    rows: Iterable[ImportRow],
    *,
    by: Actor,
    progress: Path | None = None,
    on_rejected: RejectedSink | None = None,
) -> None:
    with transaction.atomic():
        ImportRejectedRow.objects.filter(job=job).delete()  # the preview's; rewritten identically
        writer = ImportWriter(job=job, by=by, consent_wording=IMPORT_CONSENT_WORDING)
        for batch in batches(rows, BATCH_SIZE):
            counts = writer.write(batch)
            if on_rejected is not None:
                on_rejected([row for row in batch if not row.is_valid])
            if progress is not None:
                _write_progress(progress, counts.__dict__)
        counts = writer.counts
        AuditLog.objects.create(
            action="leads.import",
            actor=by,
            object_type="lead",
            detail={
                "file": job.filename,
                "job": job.pk,
                "created": counts.created,
                "merged": counts.merged,
                "rejected": counts.rejected,
            },
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            total=counts.processed,
            processed=counts.processed,
            created=counts.created,
            merged=counts.merged,
            rejected=counts.rejected,
            preview=[],
            finished_at=timezone.now(),
            error="",
        )
        if counts.created:
            transaction.on_commit(lambda: send_import_welcomes.delay(job.pk))
    job.refresh_from_db()


def _write_progress(path: Path, counts: dict[str, int]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(counts))
    temporary.replace(path)  # atomic: the poller never reads half a file


def progress_of(job: ImportJob) -> dict[str, int]:
    """processed / created / merged / rejected so far (from the progress file while running)."""
    counts = {name: getattr(job, name) for name in ("processed", "created", "merged", "rejected")}
    path = _progress_path(job)
    if job.status == ImportStatus.RUNNING and path is not None:
        with contextlib.suppress(OSError, ValueError):
            counts.update(json.loads(path.read_text()))
    return counts


def _fail(job: ImportJob, exc: Exception) -> None:
    if isinstance(exc, ImportFileError):
        error = str(exc)
    else:
        logger.exception("Import job %s failed", job.pk)
        error = _("Impor gagal; tidak ada data yang disimpan. (%(error)s)") % {"error": type(exc).__name__}
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, error=error, preview=[], finished_at=timezone.now()
    )
    job.refresh_from_db()


def _delete_file(job: ImportJob) -> None:
    """The upload holds personal data: it goes as soon as the job no longer needs it."""
    if not job.stored_path:
        return
    for path in (Path(job.stored_path), _progress_path(job)):
        if path is not None:
            path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(stored_path="")
    job.stored_path = ""


def purge_stale_imports(*, now: datetime | None = None) -> int:
    """Uploads previewed but never confirmed for a day are cancelled (file deleted); rejected rows
    of imports older than `IMPORT_REJECTED_RETENTION_DAYS` are deleted."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(status=ImportStatus.PREVIEWED, created_at__lt=now - STALE_AFTER)
    count = 0
    for job in stale:
        count += cancel_import(job, by=None)
    cutoff = now - timedelta(days=settings.IMPORT_REJECTED_RETENTION_DAYS)
    ImportRejectedRow.objects.filter(job__created_at__lt=cutoff).delete()
    return count


def rejected_csv_lines(job: ImportJob) -> Iterator[str]:
    """The rejected rows as CSV lines (BOM first, for spreadsheet apps), streamed from the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["line", *COLUMNS, "reason"])
    yield "\ufeff" + buffer.getvalue()
    rows = ImportRejectedRow.objects.filter(job=job).order_by("line").values_list("line", "cells", "reason")
    for line, cells, reason in rows.iterator(chunk_size=2000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([line, *[safe_cell(cells.get(name, "")) for name in COLUMNS], safe_cell(reason)])
        yield buffer.getvalue()
