"""Newsletter campaign pages (/campaigns/) for Admin Marketing, approved by Kadiv (SOP 03 stage 2.3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leads.campaigns import forms, selectors, services


@login_required
@permission_required("leads.view_campaign", raise_exception=True)
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    context = {
        "campaigns": selectors.campaigns_with_results(),
        "awaiting": selectors.awaiting_approval_count(),
    }
    return render(request, "leads/campaign_list.html", context)


@login_required
@permission_required("leads.add_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = forms.NewCampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.compose_campaign(**form.cleaned_data, by=request.user)
        except services.CampaignError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Kampanye disimpan sebagai draf; belum ada yang dikirim."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "leads/campaign_form.html", {"form": form, "campaign": None})


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for(request.user, pk)
    subject, body, recipient_count = selectors.preview(campaign)
    context = {
        "campaign": campaign,
        "preview_subject": subject,
        "preview_body": body,
        "recipient_count": recipient_count,
        "runs": campaign.runs.order_by("-started_at")[:10],
        "history": selectors.history(campaign),
        "schedule_form": forms.ScheduleForm(
            initial={"next_run_at": campaign.next_run_at, "is_active": campaign.is_active}
        ),
        "review_form": forms.ReviewForm(),
        "can_change": request.user.has_perm("leads.change_campaign"),
        "can_approve": request.user.has_perm("leads.approve_campaign"),
    }
    return render(request, "leads/campaign_detail.html", context)


@login_required
@permission_required("leads.change_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for(request.user, pk)
    initial = {
        "name": campaign.name,
        "template": campaign.template_id,
        "segment": campaign.segment_id,
        "frequency": campaign.frequency,
    }
    form = forms.CampaignForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(campaign, **form.cleaned_data, by=request.user)
        except services.CampaignError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Kampanye diubah dan kembali menjadi draf; ajukan lagi untuk disetujui.")
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "leads/campaign_form.html", {"form": form, "campaign": campaign})


def _act(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    campaign = selectors.get_campaign_for(request.user, pk)
    try:
        action(campaign)
    except services.CampaignError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda c: services.submit_campaign(c, by=request.user), _("Kampanye diajukan ke Kadiv.")
    )


@login_required
@require_POST
def campaign_approve(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda c: services.approve_campaign(c, by=request.user, note=note),
        _("Kampanye disetujui; dikirim sesuai jadwal."),
    )


@login_required
@require_POST
def campaign_return(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda c: services.return_campaign(c, by=request.user, note=note),
        _("Kampanye dikembalikan dengan catatan."),
    )


@login_required
@require_POST
def campaign_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Jadwal tidak dapat dibaca."))
        return redirect("campaigns:detail", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda c: services.schedule_campaign(
            c, next_run_at=data["next_run_at"], is_active=data["is_active"], by=request.user
        ),
        _("Jadwal disimpan."),
    )


@login_required
@require_POST
def campaign_test(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c: services.send_test(c, to=request.user),
        _("Email uji dimasukkan ke antrean kirim ke %(email)s.") % {"email": request.user.email},
    )
