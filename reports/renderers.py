"""DRF renderers answering a report as a file (`?format=xlsx`, `?format=csv`) with its filename."""

from __future__ import annotations

import json
from collections.abc import Callable

from rest_framework.renderers import BaseRenderer

from reports import export


class ReportFileRenderer(BaseRenderer):
    """The shared file answer; each format names its writer in `build` (a report dict -> bytes)."""

    charset = None
    extension = ""
    build: Callable[[dict], bytes]

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            # Errors (bad period, no permission) stay a JSON message, never a broken file.
            response["Content-Type"] = "application/json"
            return json.dumps(data, ensure_ascii=False).encode("utf-8")
        if response is not None:
            response["Content-Disposition"] = (
                f'attachment; filename="{export.filename(data, self.extension)}"'
            )
        return self.build(data)


class XLSXRenderer(ReportFileRenderer):
    media_type = export.XLSX_CONTENT_TYPE
    format = "xlsx"
    extension = "xlsx"
    build = staticmethod(export.xlsx_bytes)


class CSVRenderer(ReportFileRenderer):
    media_type = "text/csv"
    format = "csv"
    extension = "csv"
    charset = "utf-8"
    build = staticmethod(export.csv_bytes)
