"""Lead pages: list, create, lead page (timeline), edit and the actions on one lead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leads import bulk, records, selectors, services
from leads.access import check_may_work_on
from leads.filter_chips import filter_chips
from leads.forms import (
    CONSENT_WORDING,
    BulkActionForm,
    InteractionForm,
    LeadForm,
    SegmentForm,
    TransitionForm,
    VerifyForm,
)
from leads.models import Lead
from leads.phones import whatsapp_link
from leads.scripts import fill_script
from outbox.selectors import messages_for_lead

PAGE_SIZE = 25


def get_lead(lead_id: int) -> Lead:
    """The one access helper for a lead in the URL: 404 when it does not exist."""
    return get_object_or_404(Lead.objects.select_related("institution", "program", "owner"), pk=lead_id)


@login_required
@permission_required("leads.view_lead", raise_exception=True)
@require_http_methods(["GET"])
def lead_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filtered_leads(request.GET)
    page = selectors.lead_page(filterset.qs, request.GET.get("page"), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "segments": selectors.segments_for(request.user)
        if request.user.has_perm("leads.view_savedsegment")
        else [],
        "segment_form": SegmentForm(initial={"query": query.urlencode()}),
        "bulk_form": BulkActionForm(user=request.user, initial={"query": query.urlencode()}),
        "bulk_cap": bulk.BULK_CAP,
        "chips": filter_chips(filterset, query),
    }
    return render(request, "leads/lead_list.html", context)


@login_required
@permission_required("leads.add_lead", raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent = data.pop("consent")
        result = services.create_lead(
            by=request.user,
            consent=True if consent else None,
            consent_wording=str(CONSENT_WORDING),
            consent_source="staff",
            **data,
        )
        if not result.created:
            messages.warning(
                request, _("Calon mahasiswa dengan kontak ini sudah ada; data lama ditampilkan.")
            )
        else:
            messages.success(request, _("Calon mahasiswa tersimpan."))
        return redirect("leads:detail", lead_id=result.lead.pk)
    return render(request, "leads/lead_form.html", {"form": form})


@login_required
@permission_required("leads.change_lead", raise_exception=True)
@require_http_methods(["GET", "POST"])
def lead_edit(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = get_lead(lead_id)
    form = LeadForm(request.POST or None, instance=lead)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        services.update_lead(Lead.objects.get(pk=lead.pk), by=request.user, **changed)
        messages.success(request, _("Perubahan tersimpan."))
        return redirect("leads:detail", lead_id=lead.pk)
    return render(request, "leads/lead_form.html", {"form": form, "lead": lead})


def _filled_script(lead, agent) -> str:
    script = selectors.script_for(lead, selectors.call_scripts())
    return fill_script(script.body, lead=lead, agent=agent, now=timezone.now()) if script else ""


@login_required
@permission_required("leads.view_lead", raise_exception=True)
@require_http_methods(["GET"])
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    get_lead(lead_id)
    lead = selectors.lead_detail(lead_id)
    context = {
        "lead": lead,
        "wa_link": whatsapp_link(lead.whatsapp or lead.phone),
        "transition_form": TransitionForm(),
        "allowed_targets": services.allowed_targets(lead.status),
        "interaction_form": InteractionForm(),
        "verify_form": VerifyForm(
            initial={
                "phone_state": lead.phone_state,
                "email_state": lead.email_state,
                "name_state": lead.name_state,
            }
        ),
        "script": _filled_script(lead, request.user),
        # Outbound messages (welcome, follow-ups, newsletters, replies) with their delivery state.
        "outbound_messages": messages_for_lead(lead)[:20],
    }
    return render(request, "leads/lead_detail.html", context)


@login_required
@permission_required("leads.transition_lead", raise_exception=True)
@require_POST
def lead_transition(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = check_may_work_on(request.user, get_lead(lead_id))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih status yang valid."))
        return redirect("leads:detail", lead_id=lead.pk)
    try:
        services.transition_lead(
            lead,
            to=form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
        )
    except services.IllegalTransition as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Status diubah menjadi %(status)s.") % {"status": lead.get_status_display()}
        )
    return redirect("leads:detail", lead_id=lead.pk)


@login_required
@permission_required("leads.add_interaction", raise_exception=True)
@require_POST
def lead_log_interaction(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = check_may_work_on(request.user, get_lead(lead_id))
    form = InteractionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Interaksi belum tersimpan: %(errors)s") % {"errors": form_errors(form)})
        return redirect("leads:detail", lead_id=lead.pk)
    record_interaction(request, lead, form.cleaned_data)
    return redirect("leads:detail", lead_id=lead.pk)


def save_interaction(user, lead: Lead, data: dict, follow_up=None, script_version=None) -> None:
    """The interaction form's values into `services.record_interaction` (the status move only for
    users who may move leads); IllegalTransition keeps nothing.

    `script_version` is the approved call-script version the queue showed (library usage counts)."""
    services.record_interaction(
        lead,
        kind=data["kind"],
        direction=data["direction"],
        outcome=data["outcome"],
        note=data["note"],
        next_follow_up_at=data["next_follow_up_at"],
        status=(data.get("status") or "") if user.has_perm("leads.transition_lead") else "",
        follow_up=follow_up,
        script_version=script_version,
        by=user,
    )


def record_interaction(
    request: HttpRequest, lead: Lead, data: dict, follow_up=None, script_version=None
) -> bool:
    """`save_interaction` with its outcome as a message; False if the move was refused."""
    try:
        save_interaction(request.user, lead, data, follow_up=follow_up, script_version=script_version)
    except services.IllegalTransition as exc:
        messages.error(
            request, _("Interaksi belum tersimpan: %(errors)s") % {"errors": " ".join(exc.messages)}
        )
        return False
    messages.success(request, _("Interaksi tercatat."))
    return True


def form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
@permission_required("leads.verify_lead", raise_exception=True)
@require_POST
def lead_verify(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = get_lead(lead_id)
    form = VerifyForm(request.POST)
    if form.is_valid():
        services.verify_lead(lead, by=request.user, **form.cleaned_data)
        messages.success(request, _("Hasil verifikasi tersimpan."))
    else:
        messages.error(request, form_errors(form))
    return redirect("leads:detail", lead_id=lead.pk)


def _bulk_ids(form: BulkActionForm) -> list[int]:
    """The picked ids, or the first BULK_CAP leads matching the list's filter."""
    if form.cleaned_data["all_matching"]:
        filterset = selectors.filtered_leads(form.cleaned_data["query"])
        return list(filterset.qs.order_by().values_list("pk", flat=True)[: bulk.BULK_CAP])
    return list(form.cleaned_data["lead_ids"])[: bulk.BULK_CAP]


_BULK_PERMISSIONS = {
    "status": "leads.transition_lead",
    "segment": "leads.add_savedsegment",
    "export": "leads.export_leads",
}


@login_required
@permission_required("leads.change_lead", raise_exception=True)
@require_POST
def lead_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkActionForm(request.POST, user=request.user)
    back = f"{reverse('leads:list')}?{request.POST.get('query', '')}"
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    action = form.cleaned_data["action"]
    if action in _BULK_PERMISSIONS and not request.user.has_perm(_BULK_PERMISSIONS[action]):
        raise PermissionDenied
    ids = _bulk_ids(form)
    data = form.cleaned_data
    if action == "export":
        return lead_export_selection(request, ids, fmt=data["format"] or "csv")
    if action == "assign":
        count = bulk.bulk_assign_owner(ids, owner=data["owner"], by=request.user)
        messages.success(request, _("%(count)s calon mahasiswa mendapat pemilik baru.") % {"count": count})
    elif action == "temperature":
        count = bulk.bulk_set_temperature(ids, temperature=data["temperature"], by=request.user)
        messages.success(request, _("Suhu %(count)s calon mahasiswa diubah.") % {"count": count})
    elif action == "segment":
        count = bulk.add_to_segment(ids, segment=data["segment"], by=request.user)
        messages.success(
            request,
            _("%(count)s calon mahasiswa ditambahkan ke segmen “%(name)s”.")
            % {"count": count, "name": data["segment"].name},
        )
    else:
        result = bulk.bulk_transition(ids, to=data["status"], by=request.user, reason=data["reason"])
        if result.changed:
            messages.success(
                request, _("Status %(count)s calon mahasiswa diubah.") % {"count": result.changed}
            )
        for lead, reason in result.refused[:10]:
            messages.error(request, f"{lead.full_name}: {reason}")
        if len(result.refused) > 10:
            messages.error(
                request,
                _("%(count)s calon mahasiswa lain juga tidak dipindahkan.")
                % {"count": len(result.refused) - 10},
            )
    return redirect(back)


def lead_export_selection(request: HttpRequest, ids: list[int], *, fmt: str) -> HttpResponse:
    """The picked leads as a CSV/XLSX download; logged like the list export."""
    content = records.export_leads(
        selectors.lead_list().filter(pk__in=ids), fmt=fmt, by=request.user, query=f"selection={len(ids)}"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="calon-mahasiswa-pilihan-{stamp}.{fmt}"'
    return response


@login_required
@permission_required("leads.add_savedsegment", raise_exception=True)
@require_POST
def segment_save(request: HttpRequest) -> HttpResponse:
    form = SegmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("leads:list")
    segment = services.save_segment(by=request.user, **form.cleaned_data)
    messages.success(request, _("Segmen “%(name)s” tersimpan.") % {"name": segment.name})
    return redirect(f"{reverse('leads:list')}?{segment.query}")
