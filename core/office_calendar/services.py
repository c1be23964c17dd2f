"""Writes on the office calendar; every edit clears the cached calendar at once (as the admin does)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.calendar import clear_calendar_cache
from core.models import AuditLog, HoursOverride, HoursOverrideBlock, OfficeClosure, OfficeHoursBlock
from core.office_calendar.hours_text import Block


def _require(by: User, perm: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied


def _audit(
    action: str, *, by: User, object_type: str, object_id: object = "", detail: dict | None = None
) -> None:
    AuditLog.objects.create(
        action=action, actor=by, object_type=object_type, object_id=str(object_id), detail=detail or {}
    )


def set_weekly_hours(*, weekly: dict[int, list[Block]], by: User) -> None:
    """Replace the regular weekly hours (a weekday without blocks is closed)."""
    _require(by, "core.change_officehoursblock")
    with transaction.atomic():
        OfficeHoursBlock.objects.all().delete()
        OfficeHoursBlock.objects.bulk_create(
            OfficeHoursBlock(weekday=weekday, starts_at=start, ends_at=end)
            for weekday, blocks in sorted(weekly.items())
            for start, end in blocks
        )
        _audit("office_hours_changed", by=by, object_type="core.officehoursblock")
        transaction.on_commit(clear_calendar_cache)


def add_closure(*, name: str, starts_on: date, ends_on: date, by: User) -> OfficeClosure:
    """Close the office on these days (cuti bersama, campus events)."""
    _require(by, "core.add_officeclosure")
    with transaction.atomic():
        closure = OfficeClosure.objects.create(name=name.strip(), starts_on=starts_on, ends_on=ends_on)
        _audit("office_closure_added", by=by, object_type="core.officeclosure", object_id=closure.pk)
        transaction.on_commit(clear_calendar_cache)
    return closure


def remove_closure(closure: OfficeClosure, *, by: User) -> None:
    _require(by, "core.delete_officeclosure")
    with transaction.atomic():
        _audit(
            "office_closure_removed",
            by=by,
            object_type="core.officeclosure",
            object_id=closure.pk,
            detail={"name": closure.name, "from": str(closure.starts_on), "to": str(closure.ends_on)},
        )
        closure.delete()
        transaction.on_commit(clear_calendar_cache)


def add_override(
    *, name: str, starts_on: date, ends_on: date, weekly: dict[int, list[Block]], by: User
) -> HoursOverride:
    """Own weekly hours for a date range (Ramadan hours, a registration wave with Saturdays)."""
    _require(by, "core.add_hoursoverride")
    with transaction.atomic():
        override = HoursOverride.objects.create(name=name.strip(), starts_on=starts_on, ends_on=ends_on)
        HoursOverrideBlock.objects.bulk_create(
            HoursOverrideBlock(override=override, weekday=weekday, starts_at=start, ends_at=end)
            for weekday, blocks in sorted(weekly.items())
            for start, end in blocks
        )
        _audit("hours_override_added", by=by, object_type="core.hoursoverride", object_id=override.pk)
        transaction.on_commit(clear_calendar_cache)
    return override


def remove_override(override: HoursOverride, *, by: User) -> None:
    _require(by, "core.delete_hoursoverride")
    with transaction.atomic():
        _audit(
            "hours_override_removed",
            by=by,
            object_type="core.hoursoverride",
            object_id=override.pk,
            detail={"name": override.name},
        )
        override.delete()
        transaction.on_commit(clear_calendar_cache)
