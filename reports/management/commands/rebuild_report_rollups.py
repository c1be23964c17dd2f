from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports import rollups


class Command(BaseCommand):
    help = (
        "Recount the reports' daily cohort roll-up (reports.CohortDay) from the leads, their inquiries "
        "and status history. Needed after rows were loaded around the services (bulk inserts, e.g. the "
        "benchmark seed, or SQL run by hand); everything written through the app keeps it current."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="first", help="YYYY-MM-DD, first entry day (default: the oldest lead)"
        )
        parser.add_argument("--to", dest="last", help="YYYY-MM-DD, last entry day (default: the newest lead)")

    def handle(self, *args, first: str | None = None, last: str | None = None, **options):
        try:
            first_day = date.fromisoformat(first) if first else None
            last_day = date.fromisoformat(last) if last else None
        except ValueError as exc:
            raise CommandError(f"dates must be YYYY-MM-DD: {exc}") from exc
        result = rollups.rebuild(first=first_day, last=last_day, stdout=self.stdout)
        self.stdout.write(f"cohort roll-up: {result['days']} day(s) recounted, {result['rows']} row(s)")
