"""The import pages (issue 14 item 4): upload -> `/leads/import/<id>/` (preview: every row marked
created / merged into which lead / rejected with its reason; progress bar while a task works; the
result, which stays available) -> confirm; the rejected rows download as CSV with a reason column."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leads import import_jobs, importing
from leads.forms import ImportForm
from leads.import_models import ImportJob, ImportStatus

IMPORT_PERMISSION = "leads.import_leads"


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    """The job by id for a user holding the import permission (checked by the decorator); 404 else."""
    return get_object_or_404(ImportJob.objects.select_related("uploaded_by"), pk=job_id)


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_import(request: HttpRequest) -> HttpResponse:
    """Upload a file; its preview (or its progress) is on the job's page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.start_import(form.cleaned_data["file"], by=request.user)
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("leads:import_job", job.pk)
    recent = ImportJob.objects.select_related("uploaded_by").order_by("-created_at")[:10]
    return render(
        request, "leads/lead_import.html", {"form": form, "columns": importing.COLUMNS, "recent": recent}
    )


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    rejected = job.rejected_rows.order_by("line")[:20] if job.status == ImportStatus.DONE else []
    return render(
        request,
        "leads/import_job.html",
        {"job": job, "progress": import_jobs.progress_of(job), "rejected_rows": rejected},
    )


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_GET
def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar, polled by htmx; once the job has finished a phase the page reloads."""
    job = _job(request, job_id)
    response = render(
        request, "leads/_import_progress.html", {"job": job, "progress": import_jobs.progress_of(job)}
    )
    if not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def import_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if not import_jobs.confirm_import(job, by=request.user):
        messages.error(request, _("Impor ini tidak menunggu konfirmasi lagi."))
    return redirect("leads:import_job", job.pk)


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def import_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if import_jobs.cancel_import(job, by=request.user):
        messages.success(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
    return redirect("leads:import")


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_GET
def import_rejected(request: HttpRequest, job_id: int) -> StreamingHttpResponse:
    job = _job(request, job_id)
    response = StreamingHttpResponse(
        import_jobs.rejected_csv_lines(job), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="baris-ditolak-impor-{job.pk}.csv"'
    return response
