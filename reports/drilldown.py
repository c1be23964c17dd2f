"""Links from a dashboard figure to the list that holds exactly its rows (pure apart from `reverse`).

The parameters are those of `leads.filters.LeadFilter` and `inquiries.forms.InboxFilterForm`; the
tests open each link and compare the list's count with the figure.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from reports.periods import Period


def _url(name: str, params: dict) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def created_in(period: Period) -> dict:
    return {"created_after": period.first_day.isoformat(), "created_before": period.last_day.isoformat()}


def moved_in(period: Period, status: str) -> dict:
    return {
        "moved_to": status,
        "moved_after": period.first_day.isoformat(),
        "moved_before": period.last_day.isoformat(),
    }


def received_in(period: Period) -> dict:
    # status=all: the inbox shows only active conversations unless told otherwise.
    return {
        "status": "all",
        "received_after": period.first_day.isoformat(),
        "received_before": period.last_day.isoformat(),
    }


def leads(**params) -> str:
    # Reports count erased (UU PDP) leads: the list shows them too (without personal data).
    return _url("leads:list", {**params, "erased": "include"})


def in_days(period: Period) -> dict:
    """The team lists' date range (leads.activity: office-zone days, both inclusive)."""
    return {"after": period.first_day.isoformat(), "before": period.last_day.isoformat()}


def interactions(**params) -> str:
    return _url("leads:interactions", params)


def follow_ups(**params) -> str:
    return _url("leads:follow_ups", params)


def inbox(**params) -> str:
    return _url("inquiries:inbox", params)
