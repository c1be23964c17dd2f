from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports import periods, selectors


@require_GET
@permission_required("reports.view_reports", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Kadiv's dashboard: today, this week's conversion per channel and source, this month's ROI."""
    tz = ZoneInfo(settings.OFFICE_TIME_ZONE)
    today = timezone.localdate(timezone=tz)
    try:
        day = periods.day_period(request.GET.get("date") or today.isoformat(), tz)
    except periods.BadPeriod:
        day = periods.day_period(today.isoformat(), tz)
    context = {
        "daily": selectors.daily_report(day),
        "weekly": selectors.weekly_report(periods.week_period(periods.week_label(day.first_day), tz)),
        "monthly": selectors.monthly_report(periods.month_period(periods.month_label(day.first_day), tz)),
        "pipeline": selectors.pipeline_counts(),
    }
    return render(request, "reports/dashboard.html", context)
