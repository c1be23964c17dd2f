"""Reads shared by every app: staff by role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.paging import count_label


def users_in_role(role: str) -> QuerySet:
    """Active users in the role's group, oldest account first."""
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("id")


def capped_count(queryset: QuerySet, cap: int) -> tuple[int, bool]:
    """(matches up to `cap`, whether there are more): reads at most cap + 1 ids, where COUNT(*) would read
    every match (800,000 leads to verify at a million leads)."""
    found = queryset.order_by().values_list("pk", flat=True)[: cap + 1].count()
    return min(found, cap), found > cap


def counter_value(queryset: QuerySet, cap: int) -> str:
    """A home-page counter: the exact number up to `cap`, else "1.000+" (localised)."""
    return count_label(*capped_count(queryset, cap))
