"""manage.py import_leads FILE: CSV or XLSX with the DESIGN.md columns; exit 1 when rows were rejected."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from leads import importing


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
        try:
            report = importing.validate_file(path.read_bytes(), path.name)
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rejected:
            self.stderr.write(f"line {row.line}: {' '.join(row.errors)}")
        if not dry_run:
            importing.commit_import(report, by=by, filename=path.name)
        self.stdout.write(
            f"{report.created} created, {report.merged} merged, {len(report.rejected)} rejected"
            + (" (dry run, nothing written)" if dry_run else "")
        )
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} row(s) rejected", returncode=1)
