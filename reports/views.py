from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.calendar import get_calendar
from reports import dashboard as figures
from reports import ranges


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Kadiv's and the Supervisor's dashboard for a chosen period; Admin Media Sosial sees one day."""
    full = request.user.has_perm("reports.view_reports")
    if not full and not request.user.has_perm("reports.view_daily_report"):
        raise PermissionDenied
    tz = ZoneInfo(settings.OFFICE_TIME_ZONE)
    now = timezone.now()
    context = {"daily_only": not full, "presets": ranges.PRESETS, "params": request.GET}
    try:
        choice = ranges.choose(request.GET, today=timezone.localdate(now, tz), tz=tz, daily_only=not full)
    except ranges.BadPeriod as exc:
        return render(request, "reports/dashboard.html", {**context, "error": str(exc)}, status=400)
    data = figures.dashboard(choice, now=now, calendar=get_calendar(), daily_only=not full)
    context.update(choice=choice, data=data, charts=figures.chart_data(data))
    return render(request, "reports/dashboard.html", context)
