"""Pages for the UU PDP operations on a lead: merge duplicates, export a person's data, erase them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leads.forms import MergeForm
from leads.models import Lead
from leads.views import form_errors, get_lead
from privacy import services
from privacy.forms import EraseForm


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST or request.GET or None)
    pair: list[Lead] = []
    if form.is_bound and form.is_valid():
        pair = [get_lead(form.cleaned_data["keep"]), get_lead(form.cleaned_data["merge"])]
        if request.method == "POST":
            kept = services.merge_leads(keep=pair[0], merge=pair[1], by=request.user)
            messages.success(request, _("Data digabung ke calon mahasiswa #%(id)s.") % {"id": kept.pk})
            return redirect("leads:detail", lead_id=kept.pk)
    elif form.is_bound:
        messages.error(request, form_errors(form))
    return render(request, "leads/lead_merge.html", {"form": form, "pair": pair})


@login_required
@permission_required("leads.erase_lead", raise_exception=True)
@require_http_methods(["GET"])
def lead_privacy_export(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = get_lead(lead_id)
    fmt = "csv" if request.GET.get("format") == "csv" else "json"
    content = services.export_personal_data(lead, fmt=fmt, by=request.user)
    return _download(
        content,
        f"data-pribadi-{lead.pk}.{fmt}",
        "text/csv; charset=utf-8" if fmt == "csv" else "application/json",
    )


@login_required
@permission_required("leads.erase_lead", raise_exception=True)
@require_POST
def lead_erase(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = get_lead(lead_id)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("leads:detail", lead_id=lead.pk)
    services.erase_lead(lead, by=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Data pribadi dihapus di semua tempat penyimpanannya."))
    return redirect("leads:detail", lead_id=lead.pk)
