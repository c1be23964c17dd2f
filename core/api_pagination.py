"""API list pagination with a capped count: an exact COUNT(*) over a million leads costs more than the
page itself (about 50 ms on PostgreSQL, growing with the table), and nobody pages through 10,000 rows."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.paging import CappedCountPaginator

# `count` is exact up to this many matches; beyond it `count` is the cap and `count_capped` is true, and
# the pages stop there (200 pages of 50): narrow the filter to go further.
COUNT_CAP = 10_000


class ApiPaginator(CappedCountPaginator):
    cap = COUNT_CAP


class CappedPageNumberPagination(PageNumberPagination):
    """PageNumberPagination whose `count` stops at COUNT_CAP; the body says so with `count_capped`."""

    django_paginator_class = ApiPaginator

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page is not None else None
        response.data["count_capped"] = getattr(paginator, "count_capped", False)
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP} rows match: `count` is then {COUNT_CAP}.",
        }
        return response
