"""The office calendar page (/office-calendar/) for the Supervisor: weekly hours and breaks,
closures (cuti bersama), date-range overrides (Ramadan hours), and the next 14 days previewed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.models import Weekday
from core.office_calendar import forms, selectors, services
from core.office_calendar.hours_text import format_blocks
from core.type_aliases import AuthenticatedRequest


def _page(request: AuthenticatedRequest, status: int = 200, **bound) -> HttpResponse:
    today = timezone.localdate()
    weekly = selectors.weekly_blocks()
    can_change = request.user.has_perm("core.change_officehoursblock")
    weekly_form = bound.get("weekly_form") or forms.WeeklyHoursForm(
        initial={f"day_{d}": format_blocks(b) for d, b in weekly.items()}
    )
    if not can_change:  # Kadiv reads the hours; the fields say so by being disabled
        for field in weekly_form.fields.values():
            field.disabled = True
    context = {
        "weekly_form": weekly_form,
        "closure_form": bound.get("closure_form") or forms.ClosureForm(),
        "override_form": bound.get("override_form") or forms.OverrideForm(),
        "closures": selectors.closures(today),
        "overrides": [(o, _override_rows(o)) for o in selectors.overrides(today)],
        "preview": selectors.preview(today),
        "can_change": can_change,
    }
    return render(request, "core/office_calendar.html", context, status=status)


def _override_rows(override) -> list[tuple[str, str]]:
    by_day: dict[int, list] = {}
    for block in override.blocks.all():
        by_day.setdefault(block.weekday, []).append((block.starts_at, block.ends_at))
    return [(str(label), format_blocks(by_day.get(day, [])) or "—") for day, label in Weekday.choices]


@login_required
@permission_required("core.view_officehoursblock", raise_exception=True)
@require_GET
def page(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@login_required
@permission_required("core.change_officehoursblock", raise_exception=True)
@require_POST
def weekly(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.WeeklyHoursForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, weekly_form=form)
    services.set_weekly_hours(weekly=form.cleaned_data["weekly"], by=request.user)
    messages.success(request, _("Jam kerja mingguan disimpan; jam SLA langsung memakai jadwal baru."))
    return redirect("office_calendar:page")


@login_required
@permission_required("core.add_officeclosure", raise_exception=True)
@require_POST
def add_closure(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ClosureForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, closure_form=form)
    services.add_closure(**form.cleaned_data, by=request.user)
    messages.success(request, _("Penutupan kantor ditambahkan."))
    return redirect("office_calendar:page")


@login_required
@permission_required("core.delete_officeclosure", raise_exception=True)
@require_POST
def remove_closure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    services.remove_closure(selectors.get_closure(pk), by=request.user)
    messages.success(request, _("Penutupan kantor dihapus."))
    return redirect("office_calendar:page")


@login_required
@permission_required("core.add_hoursoverride", raise_exception=True)
@require_POST
def add_override(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.OverrideForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, override_form=form)
    data = form.cleaned_data
    services.add_override(
        name=data["name"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        weekly=data["weekly"],
        by=request.user,
    )
    messages.success(request, _("Jam kerja khusus ditambahkan."))
    return redirect("office_calendar:page")


@login_required
@permission_required("core.delete_hoursoverride", raise_exception=True)
@require_POST
def remove_override(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    services.remove_override(selectors.get_override(pk), by=request.user)
    messages.success(request, _("Jam kerja khusus dihapus."))
    return redirect("office_calendar:page")
