"""Figures of the Kadiv/Supervisor dashboard `/reports/` (selectors returning plain data).

Every block is one grouped SQL query (the funnel: one per period), rolled up in Python over the
grouped rows only, never over leads or inquiries. Every count carries the URL of the lead list or
inbox that holds exactly its rows (see `reports.drilldown`).

Definitions stated on the page:
- cohort: leads entered (created) in the period, and the furthest funnel stage each ever reached
  (current status or any history row); erased leads are left out (the lists do not show them);
- activity: moves to registered / enrolled recorded in the status history inside the period, whatever
  the lead's entry date;
- SLA: inquiries received in the period; on time = first response at or before its due time (2
  working hours), late = after it or still unanswered once it has passed.
"""

from __future__ import annotations

from datetime import datetime

from core.workhours import WorkingCalendar
from reports.dashboard.funnel import activity, funnel
from reports.dashboard.sla import care_center, sla
from reports.dashboard.team import team
from reports.dashboard.trends import trends
from reports.ranges import Choice


def dashboard(choice: Choice, *, now: datetime, calendar: WorkingCalendar, daily_only: bool = False) -> dict:
    """Every block of the page; Admin Media Sosial (`daily_only`) gets the daily blocks, no funnel."""
    data = {
        "trends": trends(choice, daily_only=daily_only),
        "sla": sla(choice, now=now, calendar=calendar),
        "care": care_center(choice),
        "team": team(choice, now=now),
    }
    if not daily_only:
        data["funnel"] = funnel(choice)
        data["activity"] = activity(choice)
    return data


def chart_data(data: dict) -> dict:
    """The numbers the browser draws (json_script); the same numbers are in the page's tables."""

    def series(block: dict) -> dict:
        return {
            "labels": [b["first"].isoformat() for b in block["buckets"]],
            "series": [
                {"label": str(s["label"]), "data": [c["n"] for c in s["cells"]]} for s in block["series"]
            ],
        }

    out = {key: series(block) for key, block in data["trends"].items()}
    if "funnel" in data:
        out["funnel"] = {
            "labels": [str(stage["label"]) for stage in data["funnel"]["stages"]],
            "data": [cell["n"] for cell in data["funnel"]["total"]["cells"]],
        }
    out["breaches"] = {
        "labels": [str(row["label"]) for row in data["sla"]["breaches"]],
        "data": [row["total"] for row in data["sla"]["breaches"]],
    }
    return out
