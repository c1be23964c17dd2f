"""Report endpoints of DESIGN.md: daily, weekly, monthly (JSON, or a file with ?format=xlsx|csv)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from reports import periods, selectors
from reports.renderers import CSVRenderer, XLSXRenderer
from reports.serializers import DailyReportSerializer, MonthlyReportSerializer, WeeklyReportSerializer

RENDERERS = [*api_settings.DEFAULT_RENDERER_CLASSES, XLSXRenderer, CSVRenderer]
FORMAT = OpenApiParameter(
    "format", str, enum=["json", "xlsx", "csv"], description="xlsx or csv: the same figures as a file"
)


class ReportPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(
            request.user and request.user.is_authenticated and request.user.has_perm("reports.view_reports")
        )


class DailyReportPermission(BasePermission):
    """Kadiv and Supervisor, and Admin Media Sosial who owns the daily report (SOP 02)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.has_perm("reports.view_reports") or user.has_perm("reports.view_daily_report"))
        )


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.OFFICE_TIME_ZONE)


def _period(parser, raw: str | None, default: str):
    try:
        return parser(raw or default, _tz())
    except periods.BadPeriod as exc:
        raise ValidationError({"detail": str(exc)}) from exc


def _today():
    return timezone.localdate(timezone=_tz())


@extend_schema(
    parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default today)"), FORMAT],
    responses=DailyReportSerializer,
)
@api_view(["GET"])
@renderer_classes(RENDERERS)
@permission_classes([DailyReportPermission])
def daily(request: Request) -> Response:
    return Response(
        selectors.daily_report(
            _period(periods.day_period, request.query_params.get("date"), _today().isoformat())
        )
    )


@extend_schema(
    parameters=[OpenApiParameter("week", str, description="YYYY-Www, ISO week (default this week)"), FORMAT],
    responses=WeeklyReportSerializer,
)
@api_view(["GET"])
@renderer_classes(RENDERERS)
@permission_classes([ReportPermission])
def weekly(request: Request) -> Response:
    return Response(
        selectors.weekly_report(
            _period(periods.week_period, request.query_params.get("week"), periods.week_label(_today()))
        )
    )


@extend_schema(
    parameters=[OpenApiParameter("month", str, description="YYYY-MM (default this month)"), FORMAT],
    responses=MonthlyReportSerializer,
)
@api_view(["GET"])
@renderer_classes(RENDERERS)
@permission_classes([ReportPermission])
def monthly(request: Request) -> Response:
    return Response(
        selectors.monthly_report(
            _period(periods.month_period, request.query_params.get("month"), periods.month_label(_today()))
        )
    )
