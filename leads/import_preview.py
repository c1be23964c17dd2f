"""What an import will do, row by row, before anything is written (issue 14 item 4): each valid row
is "created" or "merged" into an existing lead (or into an earlier row of the same file), each bad
row "rejected" with its reasons. The streaming planner is `leads.import_writer.plan_rows`; this is
its in-memory form for a report already read (tests, small files)."""

from __future__ import annotations

from dataclasses import dataclass

from leads.import_writer import PlannedRow, plan_rows
from leads.importing import ImportReport


@dataclass(frozen=True)
class ImportPlan:
    rows: list[PlannedRow]

    def count(self, outcome: str) -> int:
        return sum(1 for planned in self.rows if planned.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def merged(self) -> int:
        return self.count("merged")

    @property
    def rejected(self) -> int:
        return self.count("rejected")


def plan_import(report: ImportReport) -> ImportPlan:
    """The outcome of every row, as the import will produce it (same contact matching)."""
    planned: list[PlannedRow] = []
    plan_rows(report.rows, on_batch=planned.extend)
    return ImportPlan(rows=planned)
