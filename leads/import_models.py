"""The rows of an import (issue 14 item 4): one `ImportJob` per uploaded or command-line file, with
its progress and outcome counts, and its rejected rows (line, reason, cells) for the CSV download.

Imported by `leads.models` (Django finds models there); kept apart because models.py is long.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", pgettext_lazy("import status", "Diunggah")
    PREVIEWING = "previewing", pgettext_lazy("import status", "Memeriksa berkas")
    PREVIEWED = "previewed", pgettext_lazy("import status", "Siap diimpor")
    QUEUED = "queued", pgettext_lazy("import status", "Menunggu giliran")
    RUNNING = "running", pgettext_lazy("import status", "Mengimpor")
    DONE = "done", pgettext_lazy("import status", "Selesai")
    FAILED = "failed", pgettext_lazy("import status", "Gagal")
    CANCELLED = "cancelled", pgettext_lazy("import status", "Dibatalkan")


class ImportJob(models.Model):
    """One file's import: preview, then the all-or-nothing write, with counts for the progress bar."""

    ACTIVE = (ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.QUEUED, ImportStatus.RUNNING)

    filename = models.CharField(_("nama berkas"), max_length=255)
    # Where the worker reads the upload (under MEDIA_ROOT/imports); emptied once the file is deleted.
    stored_path = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    is_async = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The first rows of the preview (line, outcome, name, contacts, the lead merged into, reasons);
    # emptied when the import finishes or is cancelled.
    preview = models.JSONField(default=list, blank=True)
    # The Celery task holding the run: a redelivery of the same task (worker lost) may take it back.
    claim_task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor calon mahasiswa")
        verbose_name_plural = _("impor calon mahasiswa")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.PREVIEWED):
            return 100
        return min(100, round(100 * self.processed / self.total)) if self.total else 0


class ImportRejectedRow(models.Model):
    """A row the import refused, with its line and reason; the cells as read, for the CSV download."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField()
    reason = models.TextField()
    cells = models.JSONField(default=dict)

    class Meta:
        ordering = ["job", "line"]
        indexes = [models.Index(fields=["job", "line"], name="import_rejected_job_line")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.line}"
