from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports import services


class Command(BaseCommand):
    help = "Send the daily, weekly or monthly report to Kadiv and the supervisors (once per period)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=services.KINDS)
        parser.add_argument("--date", help="YYYY-MM-DD: the day, or a day in the week/month to report")

    def handle(self, *args, kind: str, date: str | None = None, **options):
        day = None
        if date:
            try:
                day = _parse(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        period = services.report_period(kind, day)
        queued = services.send_report(kind, day=day)
        self.stdout.write(f"{kind} report {period.label}: {queued} email(s) queued (XLSX attached)")
        if kind == "daily" and not services.is_working_day(period.first_day):
            # On demand it is sent anyway; the scheduled run skips such days.
            self.stdout.write(f"note: {period.label} is not a working day of the office calendar")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
