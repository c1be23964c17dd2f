"""Pages for the sensitive lead operations: list export and the import template (the import pages:
`leads.import_views`; merge and UU PDP: `privacy`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leads import importing, records, selectors

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


@login_required
@permission_required("leads.import_leads", raise_exception=True)
@require_http_methods(["GET"])
def import_template(request: HttpRequest) -> HttpResponse:
    return _download(
        importing.template_csv(), "template-impor-calon-mahasiswa.csv", "text/csv; charset=utf-8"
    )
