"""Pages for the UU PDP operations on a lead: find and merge duplicates (and undo a merge), export a
person's data, erase them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leads.access import check_may_work_on
from leads.forms import MergeForm
from leads.models import Lead, LeadMerge
from leads.views import form_errors, get_lead
from privacy import selectors, services
from privacy.forms import EraseForm, MergeChoiceForm, merge_rows


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _merge_pair(keep_id: int, merge_id: int, user) -> tuple[Lead, Lead]:
    """Both leads of a merge, or 404; 403 when the user may not work on one of them."""
    pair = (get_lead(keep_id), get_lead(merge_id))
    for lead in pair:
        check_may_work_on(user, lead)
    return pair


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_http_methods(["GET"])
def duplicate_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page": selectors.duplicate_page(request.GET.get("page")),
        "last_scan_at": selectors.last_scan_at(),
        "recent_merges": selectors.recent_merges(),
        "reasons": selectors.REASONS,
    }
    return render(request, "privacy/duplicate_list.html", context)


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_POST
def duplicate_scan(request: HttpRequest) -> HttpResponse:
    services.request_duplicate_scan()
    messages.success(request, _("Pemindaian duplikat dimulai; pasangan baru tampil di sini setelah selesai."))
    return redirect("privacy:duplicates")


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_POST
def duplicate_dismiss(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("privacy:duplicates")
    first, second = _merge_pair(form.cleaned_data["keep"], form.cleaned_data["merge"], request.user)
    services.dismiss_duplicate(first, second, by=request.user)
    messages.success(
        request,
        _("#%(a)s dan #%(b)s ditandai bukan duplikat; pasangan ini tidak disarankan lagi.")
        % {"a": first.pk, "b": second.pk},
    )
    return redirect(f"{reverse('privacy:duplicates')}?page={request.POST.get('page', '1')}")


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_merge(request: HttpRequest) -> HttpResponse:
    pair_form = MergeForm(request.POST or request.GET or None)
    if not pair_form.is_bound:
        return render(request, "leads/lead_merge.html", {"form": pair_form})
    if not pair_form.is_valid():
        messages.error(request, form_errors(pair_form))
        return render(request, "leads/lead_merge.html", {"form": pair_form}, status=400)
    keep, merge = _merge_pair(pair_form.cleaned_data["keep"], pair_form.cleaned_data["merge"], request.user)
    choices = MergeChoiceForm(request.POST or None, keep=keep, merge=merge)
    status = 200
    if request.method == "POST":
        if choices.is_valid():
            try:
                kept = services.merge_leads(
                    keep=keep, merge=merge, by=request.user, choices=choices.cleaned_data
                )
            except services.MergeRefused as refusal:
                messages.error(request, " ".join(refusal.messages))
            else:
                messages.success(
                    request,
                    _(
                        "Calon mahasiswa #%(merged)s digabung ke #%(id)s. Penggabungan bisa dibatalkan dalam "
                        "24 jam dari halaman Kemungkinan duplikat."
                    )
                    % {"merged": merge.pk, "id": kept.pk},
                )
                return redirect("leads:detail", lead_id=kept.pk)
        status = 400
    context = {
        "form": pair_form,
        "choices": choices,
        "keep": keep,
        "merge": merge,
        "rows": merge_rows(choices, keep, merge),
        "moving": selectors.rows_moving(merge),
        "erased": keep.is_erased or merge.is_erased,
    }
    return render(request, "leads/lead_merge.html", context, status=status)


@login_required
@permission_required("leads.merge_leads", raise_exception=True)
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    record = get_object_or_404(LeadMerge.objects.select_related("kept"), pk=merge_id)
    check_may_work_on(request.user, record.kept)
    try:
        restored = services.undo_merge(record, by=request.user)
    except services.MergeRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("privacy:duplicates")
    messages.success(
        request,
        _("Penggabungan dibatalkan: calon mahasiswa #%(id)s dipulihkan beserta datanya.")
        % {"id": restored.pk},
    )
    return redirect("leads:detail", lead_id=restored.pk)


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
