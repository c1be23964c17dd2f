"""Team activity lists: the interactions a staff member logged and the follow-ups they owned in a date
range. The reports' team figures link here, so each list holds exactly the rows its figure counts
(`reports.dashboard.team` counts with the same conditions)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import SaneDateField
from leads.models import FollowUp, Interaction


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")


class ActivityFilterForm(forms.Form):
    """Who and when (office-zone days, both inclusive)."""

    by = forms.IntegerField(
        label=_("ID petugas"),
        required=False,
        min_value=1,
        max_value=2**53,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    after = SaneDateField(label=_("Sejak"), required=False, widget=_date_input())
    before = SaneDateField(label=_("Sampai"), required=False, widget=_date_input())
    state = forms.ChoiceField(
        label=_("Keadaan"),
        required=False,
        choices=[("", _("Semua yang jatuh tempo")), ("done", _("Selesai")), ("overdue", _("Terlambat"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


def _within(queryset: QuerySet, field: str, data: dict) -> QuerySet:
    if data.get("after"):
        queryset = queryset.filter(**{f"{field}__gte": _start_of_day(data["after"])})
    if data.get("before"):
        queryset = queryset.filter(**{f"{field}__lt": _start_of_day(data["before"] + dt.timedelta(days=1))})
    return queryset


def interactions(data: dict) -> QuerySet[Interaction]:
    """Interactions by when they happened (not when they were logged), newest first."""
    rows = Interaction.objects.select_related("lead", "created_by")
    if data.get("by"):
        rows = rows.filter(created_by_id=data["by"])
    return _within(rows, "occurred_at", data).order_by("-occurred_at", "-id")


def follow_ups(data: dict, *, now: dt.datetime | None = None) -> QuerySet[FollowUp]:
    """Follow-ups due in the range (any state; done; or overdue: open past their due time)."""
    rows = FollowUp.objects.select_related("lead", "owner")
    if data.get("by"):
        rows = rows.filter(owner_id=data["by"])
    rows = _within(rows, "due_at", data)
    if data.get("state") == "done":
        rows = rows.filter(completed_at__isnull=False)
    elif data.get("state") == "overdue":
        rows = rows.overdue(now or timezone.now())
    return rows.order_by("due_at", "id")
