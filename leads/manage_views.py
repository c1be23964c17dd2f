"""Pages for the sensitive lead operations: list export and import (merge and UU PDP: `privacy`)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leads import import_preview, importing, records, selectors
from leads.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@permission_required("leads.export_leads", raise_exception=True)
@require_http_methods(["GET"])
def lead_export(request: HttpRequest) -> HttpResponse:
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    params = request.GET.copy()
    params.pop("format", None)
    filterset = selectors.filtered_leads(params)
    content = records.export_leads(filterset.qs, fmt=fmt, by=request.user, query=params.urlencode())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _download(
        content, f"calon-mahasiswa-{stamp}.{fmt}", XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    )


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
@permission_required("leads.import_leads", raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_import(request: HttpRequest) -> HttpResponse:
    """Upload -> preview (every bad row with its line) -> confirm writes the good rows."""
    if request.method == "POST" and request.POST.get("token"):
        return _import_commit(request, request.POST["token"])
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": importing.COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = importing.validate_file(content, upload.name)
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            token = secrets.token_hex(16) + Path(upload.name).suffix.lower()
            (_import_dir() / token).write_bytes(content)
            request.session[f"import:{token}"] = upload.name
            plan = import_preview.plan_import(report)
            _keep_rejected(request, token, report)
            context.update(report=report, token=token, plan=plan, preview=plan.rows[:PREVIEW_ROWS])
    return render(request, "leads/lead_import.html", context)


def _import_commit(request: HttpRequest, token: str) -> HttpResponse:
    filename = request.session.pop(f"import:{token}", None)
    path = _import_dir() / Path(token).name
    if filename is None or not path.exists():
        messages.error(request, _("Pratinjau impor sudah kedaluwarsa; unggah berkas lagi."))
        return redirect("leads:import")
    report = importing.validate_file(path.read_bytes(), filename)
    report = importing.commit_import(report, by=request.user, filename=filename)
    path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Impor selesai: %(created)s baru, %(merged)s digabung, %(rejected)s ditolak.")
        % {"created": report.created, "merged": report.merged, "rejected": len(report.rejected)},
    )
    _keep_rejected(request, token, report)
    return render(
        request,
        "leads/lead_import.html",
        {"form": ImportForm(), "columns": importing.COLUMNS, "done": report, "token": token},
    )


PREVIEW_ROWS = 50


def _keep_rejected(request: HttpRequest, token: str, report) -> None:
    """Write the rejected rows' CSV next to the upload; only this session may download it."""
    if report.rejected:
        (_import_dir() / f"{Path(token).name}.rejected.csv").write_bytes(
            import_preview.rejected_rows_csv(report)
        )
        request.session[f"import-rejected:{token}"] = True


@login_required
@permission_required("leads.import_leads", raise_exception=True)
@require_http_methods(["GET"])
def import_rejected(request: HttpRequest, token: str) -> HttpResponse:
    path = _import_dir() / f"{Path(token).name}.rejected.csv"
    if not request.session.get(f"import-rejected:{token}") or not path.exists():
        raise Http404
    return _download(path.read_bytes(), "baris-ditolak.csv", "text/csv; charset=utf-8")


@login_required
@permission_required("leads.import_leads", raise_exception=True)
@require_http_methods(["GET"])
def import_template(request: HttpRequest) -> HttpResponse:
    return _download(
        importing.template_csv(), "template-impor-calon-mahasiswa.csv", "text/csv; charset=utf-8"
    )
