"""Sending the daily, weekly and monthly reports to Kadiv and the supervisors (SOP 02/03)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import roles
from outbox.models import OutboundChannel, OutboundMessage, Purpose
from outbox.services import queue_message
from reports import periods, selectors

KINDS = ("daily", "weekly", "monthly")


def report_period(kind: str, day: date | None) -> periods.Period:
    """The period a report covers: `day` itself, or when not given: today, last week, last month."""
    tz = ZoneInfo(str(settings.OFFICE_TIME_ZONE))
    today = timezone.localdate(timezone=tz)
    if kind == "daily":
        return periods.day_period((day or today).isoformat(), tz)
    if kind == "weekly":
        return periods.week_period(periods.week_label(day or today - timedelta(days=7)), tz)
    if kind == "monthly":
        return periods.month_period(periods.month_label(day or today.replace(day=1) - timedelta(days=1)), tz)
    raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")


def build_report(kind: str, period: periods.Period) -> dict:
    return {
        "daily": selectors.daily_report,
        "weekly": selectors.weekly_report,
        "monthly": selectors.monthly_report,
    }[kind](period)


def report_recipients() -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.KADIV, roles.SUPERVISOR])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_report(kind: str, *, day: date | None = None) -> int:
    """Queue the report email to every Kadiv and supervisor once per period; returns how many were queued."""
    period = report_period(kind, day)
    data = build_report(kind, period)
    with translation.override("id"):
        context = {"kind": kind, "period": period, "report": data}
        subject = render_to_string("emails/report_subject.txt", context).strip()
        body = render_to_string("emails/report_body.txt", context)
        html_body = render_to_string("emails/report_body.html", context)
    recipients = list(report_recipients())
    keys = {user.pk: f"report:{kind}:{period.label}:{user.pk}" for user in recipients}
    # One query for the recipients already sent this period's report (queue_message would return
    # their existing rows too; this keeps the count honest and the run to one lookup).
    already_sent = set(
        OutboundMessage.objects.filter(dedup_key__in=keys.values()).values_list("dedup_key", flat=True)
    )
    queued = 0
    for user in recipients:
        dedup_key = keys[user.pk]
        if dedup_key in already_sent:
            continue
        queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=user.email,
            purpose=Purpose.REPORT,
            subject=subject,
            body=body,
            html_body=html_body,
            dedup_key=dedup_key,
        )
        queued += 1
    return queued
