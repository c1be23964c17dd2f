"""manage.py import_leads FILE: CSV or XLSX with the DESIGN.md columns; exit 1 when rows were rejected.

The file is streamed in batches (bounded memory whatever its size) and written in one transaction;
each rejected row is printed with its line number and reason as its batch is read."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from leads import import_jobs, import_writer, importing


class Command(BaseCommand):
    help = "Import leads from a CSV or XLSX file (columns: " + ", ".join(importing.COLUMNS) + ")."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--dry-run", action="store_true", help="validate and report without writing")

    def handle(self, *args, file: str, user: str | None = None, dry_run: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"File not found: {file}")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"Unknown user: {user}")

        def report_rejected(rows: list[importing.ImportRow]) -> None:
            for row in rows:
                self.stderr.write(f"line {row.line}: {' '.join(row.errors)}")

        try:
            if dry_run:
                counts = {"created": 0, "merged": 0, "rejected": 0}

                def count(planned: list[import_writer.PlannedRow]) -> None:
                    report_rejected([item.row for item in planned if item.outcome == "rejected"])
                    for item in planned:
                        counts[item.outcome] += 1

                with path.open("rb") as stream:
                    import_writer.plan_rows(importing.iter_validated(stream, path.name), on_batch=count)
                created, merged, rejected = counts["created"], counts["merged"], counts["rejected"]
            else:
                job = import_jobs.import_file(path, by=by, on_rejected=report_rejected)
                created, merged, rejected = job.created, job.merged, job.rejected
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{created} created, {merged} merged, {rejected} rejected"
            + (" (dry run, nothing written)" if dry_run else "")
        )
        if rejected:
            raise CommandError(f"{rejected} row(s) rejected", returncode=1)
