"""Team activity per staff member."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Q,
)

from inquiries.models import Message
from leads.models import FollowUp, Interaction
from reports import drilldown
from reports.ranges import Choice

# --- Team activity ---------------------------------------------------------------------------------


def team(choice: Choice, *, now: datetime) -> list[dict]:
    period = choice.period
    within = {"gte": period.start, "lt": period.end}
    interactions = dict(
        Interaction.objects.filter(
            occurred_at__gte=within["gte"], occurred_at__lt=within["lt"], created_by__isnull=False
        )
        .values("created_by")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("created_by", "n")
    )
    answered = dict(
        # No "sent_by IS NOT NULL" in SQL (it tempts PostgreSQL off the time index); dropped here.
        Message.objects.filter(direction="outbound", sent_at__gte=within["gte"], sent_at__lt=within["lt"])
        .values("sent_by")
        .annotate(n=Count("inquiry", distinct=True))
        .order_by()
        .values_list("sent_by", "n")
    )
    answered.pop(None, None)
    follow_ups = {
        row["owner"]: row
        for row in FollowUp.objects.filter(
            due_at__gte=within["gte"], due_at__lt=within["lt"], owner__isnull=False
        )
        .values("owner")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(completed_at__isnull=False)),
            overdue=Count(
                "id", filter=Q(completed_at__isnull=True, cancelled_at__isnull=True, due_at__lt=now)
            ),
        )
        .order_by()
    }
    ids = set(interactions) | set(answered) | set(follow_ups)
    users = get_user_model().objects.filter(pk__in=ids).only("first_name", "last_name", "username")
    rows = []
    days = drilldown.in_days(period)
    for user in users:
        fu = follow_ups.get(user.pk, {})
        rows.append(
            {
                "name": user.get_full_name() or user.username,
                "interactions": interactions.get(user.pk, 0),
                "answered": answered.get(user.pk, 0),
                "answered_url": drilldown.inbox(
                    status="all",
                    answered_by=user.pk,
                    answered_after=period.first_day.isoformat(),
                    answered_before=period.last_day.isoformat(),
                ),
                "interactions_url": drilldown.interactions(by=user.pk, **days),
                "follow_ups_due": fu.get("due", 0),
                "follow_ups_done": fu.get("done", 0),
                "follow_ups_overdue": fu.get("overdue", 0),
                "follow_ups_due_url": drilldown.follow_ups(by=user.pk, **days),
                "follow_ups_done_url": drilldown.follow_ups(by=user.pk, state="done", **days),
                "follow_ups_overdue_url": drilldown.follow_ups(by=user.pk, state="overdue", **days),
            }
        )
    return sorted(rows, key=lambda row: (-row["interactions"] - row["answered"], row["name"]))
