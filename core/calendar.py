"""Builds the office's WorkingCalendar from the admin-edited rows (selector for every SLA clock)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.conf import settings
from django.core.cache import cache

from core import workhours
from core.models import AutomationSettings, HoursOverride, OfficeClosure, OfficeHoursBlock

CACHE_KEY = "core:working-calendar:v1"
CACHE_SECONDS = 300


def build_calendar() -> workhours.WorkingCalendar:
    weekly: dict[int, list[workhours.Block]] = defaultdict(list)
    for block in OfficeHoursBlock.objects.all():
        weekly[block.weekday].append((block.starts_at, block.ends_at))
    overrides = []
    for override in HoursOverride.objects.prefetch_related("blocks"):
        override_weekly: dict[int, list[workhours.Block]] = defaultdict(list)
        for override_block in override.blocks.all():
            override_weekly[override_block.weekday].append((override_block.starts_at, override_block.ends_at))
        overrides.append(workhours.Override(override.starts_on, override.ends_on, dict(override_weekly)))
    closures = tuple(OfficeClosure.objects.values_list("starts_on", "ends_on"))
    return workhours.WorkingCalendar(
        tz=ZoneInfo(str(settings.OFFICE_TIME_ZONE)),
        weekly=dict(weekly) if weekly else workhours.DEFAULT_WEEKLY,
        # The holidays object expands to any year on first lookup (the year boundary included).
        holidays=holidays_lib.country_holidays("ID"),
        closures=closures,
        overrides=tuple(overrides),
    )


def get_calendar() -> workhours.WorkingCalendar:
    """The office calendar, cached for a few minutes; admin edits clear the cache."""
    calendar = cache.get(CACHE_KEY)
    if calendar is None:
        calendar = build_calendar()
        cache.set(CACHE_KEY, calendar, CACHE_SECONDS)
    return calendar


def clear_calendar_cache() -> None:
    cache.delete(CACHE_KEY)


def due_soon_until(now: datetime) -> datetime:
    """The one "due soon" horizon: `sla_warning_minutes` working minutes after `now`, from the one
    settings row (one query; callers read it once per request or job run). A deadline before it is
    due soon: the inbox badge and filter and the SLA warning alert (SOP 02) use this same instant."""
    minutes = AutomationSettings.current().sla_warning_minutes
    return workhours.add_working_minutes(get_calendar(), now, minutes)
