"""Report pages besides the dashboard: marketing costs (Kadiv) and the daily report (Admin Media Sosial)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reports import periods, selectors, services
from reports.forms import SourceCostForm
from reports.models import SourceCost


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.OFFICE_TIME_ZONE)


def _parse(parser, raw: str | None, default: str) -> tuple[periods.Period, str]:
    """The period asked for, or the default one with the reason it was not understood."""
    try:
        return parser(raw or default, _tz()), ""
    except periods.BadPeriod:
        return parser(default, _tz()), _(
            "Periode “%(value)s” tidak dapat dibaca; yang ditampilkan: %(default)s."
        ) % {
            "value": raw,
            "default": default,
        }


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("reports.view_sourcecost", raise_exception=True)
def cost_list(request: HttpRequest) -> HttpResponse:
    """Kadiv enters the marketing cost per source or event for a month; the month's ROI below."""
    this_month = periods.month_label(timezone.localdate(timezone=_tz()))
    if request.method == "POST":
        if not request.user.has_perm("reports.change_sourcecost"):
            raise PermissionDenied
        form = SourceCostForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.set_source_cost(
                month=data["month"],
                source=data["source"],
                event=data["event"],
                amount=data["amount"],
                note=data["note"],
                by=request.user,
            )
            messages.success(request, _("Biaya tersimpan."))
            return redirect(f"{reverse('reports:costs')}?month={periods.month_label(data['month'])}")
        period, error = _parse(periods.month_period, request.POST.get("month"), this_month)
    else:
        period, error = _parse(periods.month_period, request.GET.get("month"), this_month)
        form = SourceCostForm(initial={"month": period.label})
    context = {
        "period": period,
        "error": error,
        "form": form,
        "costs": SourceCost.objects.filter(month=period.first_day).select_related("updated_by"),
        "monthly": selectors.monthly_report(period),
        "previous": periods.previous_period(period),
        "next": periods.month_period(
            periods.month_label(period.last_day + timezone.timedelta(days=1)), _tz()
        ),
    }
    return render(request, "reports/cost_list.html", context, status=400 if error or form.errors else 200)


@require_POST
@login_required
@permission_required("reports.delete_sourcecost", raise_exception=True)
def cost_delete(request: HttpRequest, pk: int) -> HttpResponse:
    cost = get_object_or_404(SourceCost, pk=pk)
    month = periods.month_label(cost.month)
    services.delete_source_cost(cost, by=request.user)
    messages.success(request, _("Biaya dihapus."))
    return redirect(f"{reverse('reports:costs')}?month={month}")


@require_GET
@login_required
def daily(request: HttpRequest) -> HttpResponse:
    """The daily interaction report (SOP 02) for Admin Media Sosial, Kadiv and the supervisors."""
    user = request.user
    if not (user.has_perm("reports.view_daily_report") or user.has_perm("reports.view_reports")):
        raise PermissionDenied
    today = timezone.localdate(timezone=_tz()).isoformat()
    period, error = _parse(periods.day_period, request.GET.get("date"), today)
    context = {
        "period": period,
        "error": error,
        "is_today": period.label == today,
        "report": selectors.daily_report(period),
        "previous": periods.previous_period(period),
        "next": periods.day_period((period.last_day + timezone.timedelta(days=1)).isoformat(), _tz()),
    }
    return render(request, "reports/daily_report.html", context, status=400 if error else 200)
