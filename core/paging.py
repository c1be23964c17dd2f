"""Counting without COUNT(*): at a million rows an exact count costs more than the page it numbers.

`CappedCountPaginator` is Django's Paginator whose `count` stops at `cap` (then `count_capped` is true and
the pages stop there); `capped_counts` counts several querysets up to a cap in one round trip."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.formats import number_format


class CappedCountPaginator(Paginator):
    cap = 10_000
    count_capped = False

    def __init__(self, *args, cap: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if not isinstance(object_list, QuerySet):
            return super().count
        found = object_list.order_by().values_list("pk", flat=True)[: self.cap + 1].count()
        self.count_capped = found > self.cap
        return min(found, self.cap)


def capped_counts(querysets: dict[str, QuerySet], cap: int) -> dict[str, tuple[int, bool]]:
    """{name: (matches up to cap, whether there are more)} for each queryset, in one query that reads at
    most cap + 1 index entries per queryset."""
    parts: list[str] = []
    params: list = []
    for queryset in querysets.values():
        sql, query_params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: (min(found, cap), found > cap) for name, found in zip(querysets, row, strict=True)}


def count_label(count: int, capped: bool) -> str:
    """1234 -> "1.234" (localised); a capped count gets a "+"."""
    label = number_format(count, force_grouping=True)
    return f"{label}+" if capped else label
