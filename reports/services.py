"""Report emails (SOP 02/03: daily, weekly, monthly to Kadiv and the supervisors, with the XLSX) and
the marketing costs Kadiv enters per source or event and month."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles
from core.calendar import get_calendar
from core.models import AuditLog
from outbox.models import OutboundChannel, OutboundMessage, Purpose
from outbox.services import queue_message
from reports import export, periods, selectors
from reports.models import ReportAttachment, ReportRecipient, SourceCost

KINDS = ("daily", "weekly", "monthly")


def _tz() -> ZoneInfo:
    return ZoneInfo(str(settings.OFFICE_TIME_ZONE))


def report_period(kind: str, day: date | None, *, today: date | None = None) -> periods.Period:
    """The period a report covers: the one holding `day`, or when not given: today, last week, last month."""
    tz = _tz()
    today = today or timezone.localdate(timezone=tz)
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


def is_working_day(day: date) -> bool:
    """A day with office hours in the office calendar (no weekend, holiday or closure)."""
    return bool(get_calendar().blocks_on(day))


# --- Key figures with the change against the previous period ----------------------------------


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: float | int | None
    previous: float | int | None
    unit: str = ""  # "%" or "Rp"

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        return round(change, 2) if isinstance(change, float) else change


def key_figures(kind: str, report: dict, previous: dict) -> list[KeyFigure]:
    if kind == "daily":
        specs = [
            (_("Pertanyaan masuk"), lambda r: r["inquiries_total"], ""),
            (_("Respons pertama dalam 2 jam kerja"), lambda r: r["first_response_within_sla_pct"], "%"),
            (
                _("Pertanyaan dijawab (belum selesai) di akhir hari"),
                lambda r: r["inquiries_by_state"]["answered"],
                "",
            ),
            (_("Pertanyaan selesai di akhir hari"), lambda r: r["inquiries_by_state"]["resolved"], ""),
            (_("Pertanyaan dieskalasi"), lambda r: r["inquiries_by_state"]["escalated"], ""),
            (_("Pertanyaan masih terbuka"), lambda r: r["inquiries_by_state"]["open"], ""),
            (_("Calon mahasiswa baru"), lambda r: r["new_leads_total"], ""),
            (_("Input lebih dari 1x24 jam"), lambda r: r["late_entries_total"], ""),
            (_("Interaksi dicatat"), lambda r: r["interactions_total"], ""),
            (_("Balasan terkirim"), lambda r: r["replies_total"], ""),
        ]
    else:
        specs = [
            (_("Kohort: prospek masuk"), lambda r: r["cohort"]["leads"], ""),
            (_("Kohort: mendaftar"), lambda r: r["cohort"]["registered"], ""),
            (_("Kohort: daftar ulang"), lambda r: r["cohort"]["enrolled"], ""),
            (_("Kohort: konversi"), lambda r: r["cohort"]["conversion_rate"], "%"),
            (_("Aktivitas: mendaftar dalam periode"), lambda r: r["activity"]["registered"], ""),
            (_("Aktivitas: daftar ulang dalam periode"), lambda r: r["activity"]["enrolled"], ""),
        ]
        if kind == "monthly":
            specs += [
                (_("Biaya pemasaran"), lambda r: r["cohort"]["cost"], "Rp"),
                (_("Biaya per pendaftar"), lambda r: r["cohort"]["cost_per_registrant"], "Rp"),
                (_("Tiket selesai dalam 24 jam"), lambda r: r["tickets"]["resolved_within_24h_pct"], "%"),
                (_("Tiket bertag"), lambda r: r["tickets"]["tagged_pct"], "%"),
                (_("Rata-rata kepuasan"), lambda r: r["tickets"]["satisfaction_avg"], ""),
            ]
    return [KeyFigure(label, get(report), get(previous), unit) for label, get, unit in specs]


# --- Sending -----------------------------------------------------------------------------------


def report_recipients() -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.KADIV, roles.SUPERVISOR])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _recipient_addresses(kind: str) -> list[tuple[str, str]]:
    """(dedup suffix, email) for the Kadiv and Supervisor users, then the addresses set in the admin."""
    seen: set[str] = set()
    result = []
    for user in report_recipients():
        seen.add(user.email.lower())
        result.append((str(user.pk), user.email))
    extra = ReportRecipient.objects.filter(is_active=True, **{f"gets_{kind}": True}).order_by("email")
    for recipient in extra:
        if recipient.email.lower() in seen:
            continue
        seen.add(recipient.email.lower())
        digest = hashlib.sha256(recipient.email.lower().encode()).hexdigest()[:16]
        result.append((f"addr-{digest}", recipient.email))
    return result


def send_report(kind: str, *, day: date | None = None) -> int:
    """Queue the report email with its XLSX to every recipient once per period; how many were queued."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
    return send_report_for(kind, report_period(kind, day))


def send_scheduled_report(kind: str, *, now: datetime) -> int:
    """The beat job: today's daily report (none on a day the office is closed), last week's weekly
    report, last month's monthly report."""
    today = timezone.localdate(now, timezone=_tz())
    if kind == "daily" and not is_working_day(today):
        return 0
    return send_report_for(kind, report_period(kind, None, today=today))


def send_report_for(kind: str, period: periods.Period) -> int:
    recipients = _recipient_addresses(kind)
    keys = {suffix: f"report:{kind}:{period.label}:{suffix}" for suffix, _email in recipients}
    # One query for the recipients who already have this period's report: a second run sends nothing.
    already_sent = set(
        OutboundMessage.objects.filter(dedup_key__in=keys.values()).values_list("dedup_key", flat=True)
    )
    todo = [(suffix, email) for suffix, email in recipients if keys[suffix] not in already_sent]
    if not todo:
        return 0
    with translation.override("id"):
        report = build_report(kind, period)
        previous_period = periods.previous_period(period)
        previous = build_report(kind, previous_period)
        context = {
            "kind": kind,
            "period": period,
            "previous_period": previous_period,
            "report": report,
            "figures": key_figures(kind, report, previous),
        }
        subject = render_to_string("emails/report_subject.txt", context).strip()
        body = render_to_string("emails/report_body.txt", context)
        html_body = render_to_string("emails/report_body.html", context)
        workbook = export.xlsx_bytes(report)
        filename = export.filename(report, "xlsx")
    queued = 0
    with transaction.atomic():
        for suffix, email in todo:
            message = queue_message(
                channel=OutboundChannel.EMAIL,
                recipient=email,
                purpose=Purpose.REPORT,
                subject=subject,
                body=body,
                html_body=html_body,
                dedup_key=keys[suffix],
            )
            # Stored before the send is enqueued (after this commit), so the sender finds it.
            ReportAttachment.objects.get_or_create(
                outbound_message_id=message.pk,
                defaults={
                    "filename": filename,
                    "content_type": export.XLSX_CONTENT_TYPE,
                    "content": workbook,
                },
            )
            queued += 1
    return queued


def report_attachments(message: OutboundMessage) -> list[tuple[str, bytes, str]]:
    """The outbox's attachment provider for report emails."""
    return [
        (row.filename, bytes(row.content), row.content_type)
        for row in ReportAttachment.objects.filter(outbound_message_id=message.pk)
    ]


# --- Costs -------------------------------------------------------------------------------------


def set_source_cost(
    *, month: date, source: str, event: str = "", amount: Decimal, note: str = "", by: User | None
) -> SourceCost:
    """Enter (or correct) the cost of a source, or one event of it, for a month; audited."""
    month = month.replace(day=1)
    event = (event or "").strip()
    with transaction.atomic():
        cost, created = SourceCost.objects.select_for_update().get_or_create(
            source=source,
            event=event,
            month=month,
            defaults={"amount": amount, "note": note, "updated_by": by, "updated_at": timezone.now()},
        )
        previous = None if created else int(cost.amount)
        if not created:
            cost.amount, cost.note, cost.updated_by, cost.updated_at = amount, note, by, timezone.now()
            cost.save(update_fields=["amount", "note", "updated_by", "updated_at"])
        AuditLog.objects.create(
            action="reports.cost_set",
            actor=by,
            object_type="sourcecost",
            object_id=str(cost.pk),
            detail={
                "month": month.isoformat(),
                "source": source,
                "event": event,
                "amount": int(amount),
                "previous": previous,
            },
        )
    return cost


def delete_source_cost(cost: SourceCost, *, by: User | None) -> None:
    """Remove a cost entry; audited."""
    with transaction.atomic():
        AuditLog.objects.create(
            action="reports.cost_deleted",
            actor=by,
            object_type="sourcecost",
            object_id=str(cost.pk),
            detail={
                "month": cost.month.isoformat(),
                "source": cost.source,
                "event": cost.event,
                "amount": int(cost.amount),
            },
        )
        cost.delete()
