"""Content plan pages: list, item page (workflow, assets, results), calendar, evaluation."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content import attribution, selectors, services
from content.files import AssetRejected
from content.forms import (
    AssetForm,
    AttributeLeadForm,
    CalendarFilterForm,
    ChecklistForm,
    ContentItemForm,
    ListFilterForm,
    TransitionForm,
)
from content.models import ContentAsset, ContentItem, ContentStatus
from leads.models import Lead

VIEW = "content.view_contentitem"


def get_item(item_id: int) -> ContentItem:
    """The one access helper for an item in the URL (the view's permission decorator checks the role)."""
    try:
        return selectors.item_detail(item_id)
    except ContentItem.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def content_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.item_list(**{k: v for k, v in filters.items() if v})[:200]
    return render(request, "content/content_list.html", {"form": form, "items": items})


@login_required
@permission_required("content.add_contentitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def content_create(request: HttpRequest) -> HttpResponse:
    form = ContentItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.create_item(by=request.user, **form.cleaned_data)
        messages.success(request, _("Konten %(code)s tersimpan sebagai konsep.") % {"code": item.code})
        return redirect("content:detail", item_id=item.pk)
    return render(request, "content/content_form.html", {"form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def content_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return _render_detail(request, get_item(item_id))


def _render_detail(
    request: HttpRequest, item: ContentItem, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "item": item,
        "error": error,
        "history": selectors.history_of(item),
        "step": selectors.current_step_time(item),
        "moves": [
            (value, ContentStatus(value).label) for value in services.allowed_moves(item, request.user)
        ],
        "transition_form": TransitionForm(initial={"scheduled_at": item.scheduled_at}),
        "checklist_form": ChecklistForm(initial={"points": item.checked_points}),
        "asset_form": AssetForm(),
        "assets": item.assets.select_related("added_by"),
        "leads": selectors.attributed_leads(item) if request.user.has_perm("leads.view_lead") else [],
        # The link staff publish: on the public address, not the one they reached the CRM by.
        "tracking_url": f"{settings.PUBLIC_BASE_URL}{reverse('tracking:redirect', args=[item.code])}",
        "accepted_types": ",".join(settings.CONTENT_ASSET_TYPES),
    }
    return render(request, "content/content_detail.html", context, status=status)


@login_required
@permission_required("content.change_contentitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def content_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_item(item_id)
    form = ContentItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS
        }
        try:
            services.update_item(ContentItem.objects.get(pk=item.pk), by=request.user, **fields)
        except services.IllegalMove as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("content:detail", item_id=item.pk)
    return render(request, "content/content_form.html", {"form": form, "item": item})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def content_transition(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_item(item_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        return _render_detail(request, item, error=errors, status=400)
    data = form.cleaned_data
    try:
        moved = services.transition_item(
            item,
            to=data["status"],
            by=request.user,
            note=data["note"],
            scheduled_at=data["scheduled_at"],
            url=data["url"],
            media_id=data["media_id"],
            checklist=request.POST.getlist("points"),
        )
    except services.MoveNotPermitted as exc:
        return _render_detail(request, item, error=str(exc), status=403)
    except services.IllegalMove as exc:
        return _render_detail(request, item, error=str(exc), status=400)
    messages.success(request, _("Status konten: %(status)s.") % {"status": moved.get_status_display()})
    return redirect("content:detail", item_id=item.pk)


@login_required
@permission_required("content.change_contentitem", raise_exception=True)
@require_POST
def content_checklist(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_item(item_id)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        services.save_checklist(item, points=form.cleaned_data["points"], by=request.user)
        messages.success(request, _("Pemeriksaan ulang tersimpan."))
    return redirect("content:detail", item_id=item.pk)


@login_required
@permission_required("content.add_contentasset", raise_exception=True)
@require_POST
def content_asset_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_item(item_id)
    form = AssetForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    elif form.cleaned_data["file"]:
        try:
            services.add_file_asset(
                item, upload=form.cleaned_data["file"], name=form.cleaned_data["name"], by=request.user
            )
            messages.success(request, _("Berkas tersimpan."))
        except AssetRejected as exc:
            messages.error(request, str(exc))
    else:
        services.add_link_asset(
            item, name=form.cleaned_data["name"], link=form.cleaned_data["link"], by=request.user
        )
        messages.success(request, _("Tautan tersimpan."))
    return redirect("content:detail", item_id=item.pk)


@login_required
@permission_required("content.view_contentasset", raise_exception=True)
@require_GET
def content_asset_file(request: HttpRequest, asset_id: int) -> FileResponse:
    """Uploaded assets are served only here, to staff who may see content (never from MEDIA_URL)."""
    asset = get_object_or_404(ContentAsset.objects.exclude(file=""), pk=asset_id)
    response = FileResponse(asset.file.open("rb"), content_type=asset.content_type, as_attachment=False)
    response["Content-Disposition"] = f'inline; filename="{asset.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def content_calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "month"
    anchor = data.get("date") or timezone.localdate()
    program = data.get("program")
    filters = {
        "channel": data.get("channel") or "",
        "program": program.pk if program else None,
        "campaign": data.get("campaign") or "",
    }
    days = selectors.calendar_days(view, anchor, **filters)
    step = timedelta(days=7) if view == "week" else timedelta(days=31)
    previous = anchor - step if view == "week" else (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = anchor + step if view == "week" else (anchor.replace(day=1) + step).replace(day=1)
    query = request.GET.copy()
    query.pop("date", None)
    context = {
        "form": form,
        "view": view,
        "anchor": anchor,
        "days": days,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "previous": previous.isoformat(),
        "following": following.isoformat(),
        "today": date.today().isoformat(),
        "query": query.urlencode(),
        "campaigns": selectors.campaigns(),
    }
    return render(request, "content/content_calendar.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def content_evaluation(request: HttpRequest) -> HttpResponse:
    months = 6
    today = timezone.localdate()
    first = today.replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(timezone.datetime.combine(first, timezone.datetime.min.time()))
    steps = selectors.time_per_step(since=since)
    context = {
        "since": first,
        "posts": selectors.posts_per_channel_month(since=since),
        "steps": steps,
        "bottleneck": selectors.bottleneck(steps),
        "productive": selectors.most_productive(since=since),
        "campaigns": selectors.campaign_results(),
    }
    return render(request, "content/content_evaluation.html", context)


@login_required
@permission_required("content.add_attribution", raise_exception=True)
@require_POST
def attribute_lead(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Staff pick, on the lead's page, the content item the lead came through."""
    if not request.user.has_perm("leads.view_lead"):
        raise PermissionDenied
    lead = get_object_or_404(Lead, pk=lead_id)
    form = AttributeLeadForm(request.POST)
    if form.is_valid():
        attribution.attribute_lead_by_staff(lead, item=form.cleaned_data["code"], by=request.user)
        messages.success(
            request, _("Calon mahasiswa diatribusikan ke %(code)s.") % {"code": lead.campaign_code}
        )
    else:
        messages.error(request, " ".join(form.errors.get("code", [])))
    return redirect("leads:detail", lead_id=lead.pk)
