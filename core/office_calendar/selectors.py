"""Reads on the office calendar: the rows as the page shows them and the next days' working hours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.http import Http404

from core.calendar import build_calendar
from core.models import HoursOverride, OfficeClosure, OfficeHoursBlock, Weekday
from core.office_calendar.hours_text import Block, format_blocks


@dataclass(frozen=True)
class PreviewDay:
    day: date
    blocks: list[Block]
    reason: str  # why the day is closed or special: a holiday, a closure, an override, the weekend

    @property
    def hours(self) -> str:
        return format_blocks(self.blocks)


def weekly_blocks() -> dict[int, list[Block]]:
    weekly: dict[int, list[Block]] = defaultdict(list)
    for block in OfficeHoursBlock.objects.order_by("weekday", "starts_at"):
        weekly[block.weekday].append((block.starts_at, block.ends_at))
    return {weekday: weekly.get(weekday, []) for weekday in Weekday.values}


def closures(today: date) -> QuerySet[OfficeClosure]:
    """Closures not yet over (past ones stay in the admin)."""
    return OfficeClosure.objects.filter(ends_on__gte=today).order_by("starts_on", "id")


def overrides(today: date) -> list[HoursOverride]:
    return list(
        HoursOverride.objects.filter(ends_on__gte=today)
        .prefetch_related("blocks")
        .order_by("starts_on", "id")
    )


def get_closure(pk: int) -> OfficeClosure:
    try:
        return OfficeClosure.objects.get(pk=pk)
    except OfficeClosure.DoesNotExist as exc:
        raise Http404 from exc


def get_override(pk: int) -> HoursOverride:
    try:
        return HoursOverride.objects.get(pk=pk)
    except HoursOverride.DoesNotExist as exc:
        raise Http404 from exc


def preview(today: date, *, days: int = 14) -> list[PreviewDay]:
    """The working hours of the next `days` days as every SLA clock will count them (fresh, not cached)."""
    calendar = build_calendar()
    last = today + timedelta(days=days - 1)
    closure_rows = list(OfficeClosure.objects.filter(starts_on__lte=last, ends_on__gte=today))
    override_rows = list(
        HoursOverride.objects.filter(starts_on__lte=last, ends_on__gte=today).order_by("starts_on", "id")
    )
    result = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        reason = calendar.holidays.get(day) if hasattr(calendar.holidays, "get") else ""
        if not reason:
            reason = next((c.name for c in closure_rows if c.starts_on <= day <= c.ends_on), "")
        if not reason:
            reason = next((o.name for o in override_rows if o.starts_on <= day <= o.ends_on), "")
        result.append(PreviewDay(day=day, blocks=calendar.blocks_on(day), reason=reason or ""))
    return result
